import { expect } from 'chai';
import type { Request, Response } from 'express';
import { setAuthenticationFailure, setPrincipal } from '../auth/principal.js';
import type { Principal } from '../auth/principal.js';
import { AuthenticationError } from '../errors/errors.js';
import { assertKnownPermissions, createRouteGuard } from './route-guard.js';

function fakeResponse(): Response {
  return { locals: {} } as unknown as Response;
}

const route = (auth: 'none' | 'required', permission?: string) => ({
  method: 'get' as const,
  path: '/things',
  auth,
  permission,
  operationId: 'getThings',
});

const viewer: Principal = {
  kind: 'user',
  tenantId: 't1',
  userId: 'u1',
  role: 'viewer',
  email: 'v@example.com',
  tokenId: 'j',
};

async function outcome(run: () => void | Promise<void>): Promise<string> {
  try {
    await run();
    return 'allowed';
  } catch (error) {
    return (error as { code?: string }).code ?? 'thrown';
  }
}

describe('route guard', () => {
  const guard = createRouteGuard();
  const req = {} as Request;

  it('when a route needs no auth, anyone passes', async () => {
    expect(await outcome(() => guard({ req, res: fakeResponse(), route: route('none') }))).to.equal(
      'allowed',
    );
  });

  it('when no principal is present, answers the remembered credential failure, or AUTH_UNAUTHENTICATED', async () => {
    expect(await outcome(() => guard({ req, res: fakeResponse(), route: route('required') }))).to.equal(
      'AUTH_UNAUTHENTICATED',
    );
    const res = fakeResponse();
    setAuthenticationFailure(res, new AuthenticationError('bad', { code: 'AUTH_TOKEN_EXPIRED' }));
    expect(await outcome(() => guard({ req, res, route: route('required') }))).to.equal('AUTH_TOKEN_EXPIRED');
  });

  it('when the role lacks the permission, refuses with AUTH_FORBIDDEN; when it has it, passes', async () => {
    const res = fakeResponse();
    setPrincipal(res, viewer);
    expect(await outcome(() => guard({ req, res, route: route('required', 'users:manage') }))).to.equal(
      'AUTH_FORBIDDEN',
    );
    expect(await outcome(() => guard({ req, res, route: route('required', 'kpis:read') }))).to.equal(
      'allowed',
    );
  });

  it('when a route names a permission missing from the matrix, fails closed and start-up refuses it', async () => {
    const res = fakeResponse();
    setPrincipal(res, { ...viewer, role: 'admin' });
    expect(await outcome(() => guard({ req, res, route: route('required', 'everything:do') }))).to.equal(
      'RBAC_PERMISSION_UNKNOWN',
    );
    expect(() => assertKnownPermissions([{ path: '/x', permission: 'everything:do' }])).to.throw(TypeError);
  });
});
