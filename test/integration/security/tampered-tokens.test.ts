import { expect } from 'chai';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { startCoreTestApp, TEST_JWT_SECRET, TEST_PASSWORD } from '../auth/support/core-test-app.js';
import type { CoreTestApp, SeededTenant } from '../auth/support/core-test-app.js';

describe('security: tampered access tokens (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp();
  });
  after(async () => {
    await app.close();
  });

  const nowSec = () => Math.floor(Date.now() / 1000);
  const claimsOf = (tenant: SeededTenant) => ({
    sub: tenant.users.admin.id,
    tid: tenant.id,
    role: 'admin',
    iss: 'stratum',
    aud: 'stratum-api',
    iat: nowSec(),
    exp: nowSec() + 600,
    jti: 'forged',
  });
  const forge = (claims: Record<string, unknown>, secret = TEST_JWT_SECRET, alg = 'HS256') =>
    new SignJWT(claims).setProtectedHeader({ alg, typ: 'at+jwt' }).sign(new TextEncoder().encode(secret));
  const answer = async (token: string, path = '/users') => {
    const response = await app.request(path, { token });
    const body = (await response.json()) as { error?: { code: string } };
    return { status: response.status, code: body.error?.code };
  };

  it('when a correctly forged token is used (control), the API accepts it', async () => {
    const tenant = await app.seedTenant();
    expect((await answer(await forge(claimsOf(tenant)))).status).to.equal(200);
  });

  it('when alg is none, answers 401', async () => {
    const tenant = await app.seedTenant();
    const { iss, aud, exp, iat, ...rest } = claimsOf(tenant);
    const unsecured = new UnsecuredJWT(rest)
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .encode();
    expect(await answer(unsecured)).to.deep.equal({ status: 401, code: 'AUTH_TOKEN_INVALID' });
  });

  it('when a real token has its header rewritten to alg none and its signature dropped, answers 401', async () => {
    const tenant = await app.seedTenant();
    const { accessToken } = await app.login(tenant.users.admin.email);
    const [, payload] = accessToken.split('.');
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    expect((await answer(`${header}.${payload}.`)).status).to.equal(401);
  });

  it('when signed with another key or another HMAC algorithm, answers 401', async () => {
    const tenant = await app.seedTenant();
    expect((await answer(await forge(claimsOf(tenant), `${TEST_JWT_SECRET}-but-not-ours`))).status).to.equal(
      401,
    );
    expect((await answer(await forge(claimsOf(tenant), TEST_JWT_SECRET, 'HS512'))).status).to.equal(401);
  });

  it('when expired for more than 30 s, answers 401 AUTH_TOKEN_EXPIRED', async () => {
    const tenant = await app.seedTenant();
    const token = await forge({ ...claimsOf(tenant), iat: nowSec() - 1000, exp: nowSec() - 31 });
    expect(await answer(token)).to.deep.equal({ status: 401, code: 'AUTH_TOKEN_EXPIRED' });
  });

  it('when the issuer or the audience is not ours, answers 401', async () => {
    const tenant = await app.seedTenant();
    expect((await answer(await forge({ ...claimsOf(tenant), iss: 'evil' }))).status).to.equal(401);
    expect((await answer(await forge({ ...claimsOf(tenant), aud: 'another-api' }))).status).to.equal(401);
  });

  it("when a real token's payload is edited to another tenant, the signature check answers 401", async () => {
    const tenant = await app.seedTenant();
    const other = await app.seedTenant();
    const { accessToken } = await app.login(tenant.users.admin.email);
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as Record<
      string,
      unknown
    >;
    const edited = base64url.encode(JSON.stringify({ ...claims, tid: other.id, sub: other.users.admin.id }));
    expect((await answer(`${header}.${edited}.${signature}`)).status).to.equal(401);
  });

  it("when a valid token names another tenant's user in the path, answers 404 and no data", async () => {
    const tenant = await app.seedTenant();
    const other = await app.seedTenant();
    const { accessToken } = await app.login(tenant.users.admin.email);
    const response = await app.request(`/users/${other.users.viewer.id}`, { token: accessToken });
    expect(response.status).to.equal(404);
    expect(await response.text()).not.to.include(other.users.viewer.email);
  });

  it('when a signed token claims a role the user no longer has, the stored role decides', async () => {
    const tenant = await app.seedTenant();
    const token = await forge({ ...claimsOf(tenant), sub: tenant.users.viewer.id, role: 'admin' });
    expect((await answer(token)).status).to.equal(403);
  });

  it('when the Authorization header is garbage or another scheme, answers 401', async () => {
    for (const authorization of ['Bearer', 'Bearer not.a.jwt', 'Basic YWRtaW46YWRtaW4=', 'Bearer a b']) {
      const response = await app.request('/me', { headers: { authorization } });
      expect(response.status, authorization).to.equal(401);
    }
  });

  it('when a bad token accompanies a public route, the route still works', async () => {
    const tenant = await app.seedTenant();
    const response = await app.request('/auth/login', {
      method: 'POST',
      headers: { authorization: 'Bearer expired.or.garbage' },
      body: { email: tenant.users.viewer.email, password: TEST_PASSWORD },
    });
    expect(response.status).to.equal(200);
  });
});
