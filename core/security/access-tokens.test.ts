import { Buffer } from 'node:buffer';
import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { AuthenticationError } from '../errors/errors.js';
import { createAccessTokenService } from './access-tokens.js';

const SECRET = 'a-jwt-secret-that-is-long-enough-0123456789';
const SUBJECT = { userId: 'u1', tenantId: 't1', role: 'manager' } as const;

describe('access tokens', () => {
  let clock = 1_800_000_000;
  const service = createAccessTokenService({ secret: SECRET, now: () => clock });
  beforeEach(() => {
    clock = 1_800_000_000;
  });

  const rejection = async (token: string): Promise<AuthenticationError> => {
    const error = await service.verify(token).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).to.be.instanceOf(AuthenticationError);
    return error as AuthenticationError;
  };

  const forge = (
    claims: Record<string, unknown>,
    header: { alg: string; typ?: string } = { alg: 'HS256', typ: 'at+jwt' },
    secret = SECRET,
  ) =>
    new SignJWT({
      sub: 'u1',
      tid: 't1',
      role: 'admin',
      iss: 'stratum',
      aud: 'stratum-api',
      iat: clock,
      exp: clock + 60,
      jti: 'j',
      ...claims,
    })
      .setProtectedHeader(header)
      .sign(new TextEncoder().encode(secret));

  it('when a token is issued, it verifies with sub/tid/role/iss/aud/exp/iat/jti', async () => {
    const issued = await service.issue(SUBJECT);
    const claims = await service.verify(issued.token);
    expect(claims).to.include({
      sub: 'u1',
      tid: 't1',
      role: 'manager',
      iss: 'stratum',
      aud: 'stratum-api',
      jti: issued.jti,
    });
    expect(claims.exp - claims.iat).to.equal(900);
    expect(issued.expiresInSec).to.equal(900);
    expect(issued.expiresAt.getTime()).to.equal((clock + 900) * 1000);
  });

  it('when two tokens are issued, their jti differ', async () => {
    expect((await service.issue(SUBJECT)).jti).not.to.equal((await service.issue(SUBJECT)).jti);
  });

  it('when the token expired less than 30 s ago, it still verifies (clock skew)', async () => {
    const { token } = await service.issue(SUBJECT);
    clock += 900 + 29;
    expect((await service.verify(token)).sub).to.equal('u1');
  });

  it('when the token expired more than 30 s ago, fails with AUTH_TOKEN_EXPIRED', async () => {
    const { token } = await service.issue(SUBJECT);
    clock += 900 + 31;
    expect((await rejection(token)).code).to.equal('AUTH_TOKEN_EXPIRED');
  });

  it('when alg is none, fails with AUTH_TOKEN_INVALID', async () => {
    const unsecured = new UnsecuredJWT({ sub: 'u1', tid: 't1', role: 'admin', jti: 'j' })
      .setIssuer('stratum')
      .setAudience('stratum-api')
      .setIssuedAt(clock)
      .setExpirationTime(clock + 60)
      .encode();
    expect((await rejection(unsecured)).code).to.equal('AUTH_TOKEN_INVALID');
  });

  it('when the header is rewritten to alg none with the signature stripped, fails', async () => {
    const { token } = await service.issue(SUBJECT);
    const [, payload] = token.split('.');
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    expect((await rejection(`${header}.${payload}.`)).code).to.equal('AUTH_TOKEN_INVALID');
  });

  it('when another HMAC algorithm is used with the right key, fails', async () => {
    expect((await rejection(await forge({}, { alg: 'HS512', typ: 'at+jwt' }))).code).to.equal(
      'AUTH_TOKEN_INVALID',
    );
  });

  it('when signed with another key, fails', async () => {
    expect((await rejection(await forge({}, undefined, `${SECRET}-other`))).code).to.equal(
      'AUTH_TOKEN_INVALID',
    );
  });

  it('when the payload is altered (other tenant), the signature check fails', async () => {
    const { token } = await service.issue(SUBJECT);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload ?? ''))) as Record<
      string,
      unknown
    >;
    const altered = base64url.encode(JSON.stringify({ ...claims, tid: 't2' }));
    expect((await rejection(`${header}.${altered}.${signature}`)).code).to.equal('AUTH_TOKEN_INVALID');
  });

  it('when the issuer or audience differ, fails', async () => {
    await rejection(await forge({ iss: 'evil' }));
    await rejection(await forge({ aud: 'other-api' }));
  });

  it('when the type is not at+jwt (e.g. an embed token), fails', async () => {
    await rejection(await forge({}, { alg: 'HS256', typ: 'JWT' }));
    await rejection(await forge({}, { alg: 'HS256' }));
  });

  it('when a required claim is missing or the role is unknown, fails', async () => {
    await rejection(await forge({ jti: undefined }));
    await rejection(await forge({ tid: undefined }));
    await rejection(await forge({ role: 'root' }));
  });

  it('when the token is garbage, fails with AUTH_TOKEN_INVALID', async () => {
    for (const garbage of ['', 'a.b.c', 'not a token'])
      expect((await rejection(garbage)).code).to.equal('AUTH_TOKEN_INVALID');
  });

  it('when a verified token is presented again after it expired, fails with AUTH_TOKEN_EXPIRED', async () => {
    const { token } = await service.issue(SUBJECT);
    expect((await service.verify(token)).sub).to.equal('u1');
    clock += 900 + 31;
    expect((await rejection(token)).code).to.equal('AUTH_TOKEN_EXPIRED');
  });

  it('when a verified token is presented again, the claims handed out cannot be changed', async () => {
    const { token } = await service.issue(SUBJECT);
    await service.verify(token);
    const claims = await service.verify(token);
    expect(() => Object.assign(claims, { tid: 't2' })).to.throw(TypeError);
    expect((await service.verify(token)).tid).to.equal('t1');
  });

  it('when nbf is further ahead than the tolerance, fails; within it, verifies', async () => {
    await rejection(await forge({ nbf: clock + 31 }));
    expect((await service.verify(await forge({ nbf: clock + 29 }))).sub).to.equal('u1');
  });

  it('when the type is written application/AT+JWT, it is the same type and verifies', async () => {
    const token = await forge({}, { alg: 'HS256', typ: 'application/AT+JWT' });
    expect((await service.verify(token)).sub).to.equal('u1');
  });

  it('when the header names an unknown critical extension or an unencoded payload, fails', async () => {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = encode({
      sub: 'u1',
      tid: 't1',
      role: 'admin',
      iss: 'stratum',
      aud: 'stratum-api',
      iat: clock,
      exp: clock + 60,
      jti: 'j',
    });
    const sign = (header: Record<string, unknown>) => {
      const input = `${encode({ alg: 'HS256', typ: 'at+jwt', ...header })}.${claims}`;
      return `${input}.${createHmac('sha256', SECRET).update(input).digest('base64url')}`;
    };
    expect((await service.verify(sign({}))).sub).to.equal('u1');
    await rejection(sign({ crit: ['exp'], exp: 1 }));
    await rejection(sign({ crit: [] }));
    await rejection(sign({ crit: ['b64'], b64: false }));
  });

  it('when a segment carries padding, whitespace or a non-canonical signature, fails', async () => {
    const { token } = await service.issue(SUBJECT);
    const [header, payload, signature = ''] = token.split('.');
    const last = signature.slice(-1);
    const sibling = String.fromCharCode(last.charCodeAt(0) ^ 1);
    for (const variant of [
      `${header}.${payload}.${signature}=`,
      `${header} .${payload}.${signature}`,
      `${header}.${payload}.${signature.slice(0, -1)}${sibling}`,
    ])
      expect((await rejection(variant)).code).to.equal('AUTH_TOKEN_INVALID');
  });

  it('when the secret is shorter than 32 bytes, the service is not created', () => {
    expect(() => createAccessTokenService({ secret: 'short' })).to.throw(TypeError);
  });
});
