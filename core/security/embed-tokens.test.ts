import { hkdfSync } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT, UnsecuredJWT } from 'jose';
import { AuthenticationError, ForbiddenError, InputError } from '../errors/errors.js';
import { createAccessTokenService } from './access-tokens.js';
import { createEmbedTokenService, isEmbedToken } from './embed-tokens.js';
import type { EmbedTokenInput } from './embed-tokens.js';

const SECRET = 'a-jwt-secret-that-is-long-enough-0123456789';
const INPUT: EmbedTokenInput = {
  tenantId: 't1',
  siteId: 's1',
  widgets: ['kpi-card', 'trend-chart'],
  allowedOrigins: ['https://portal.example.com', 'http://localhost:5173'],
};

describe('embed tokens', () => {
  let clock = 1_800_000_000;
  const service = createEmbedTokenService({ secret: SECRET, now: () => clock });
  beforeEach(() => {
    clock = 1_800_000_000;
  });

  const rejection = async (promise: Promise<unknown>): Promise<unknown> =>
    promise.then(
      () => expect.fail('expected a rejection'),
      (caught: unknown) => caught,
    );

  const embedKey = () => new Uint8Array(hkdfSync('sha256', SECRET, 'stratum/embed-token', 'hs256/v1', 32));
  const forge = (claims: Record<string, unknown>, key: Uint8Array = embedKey(), typ = 'embed+jwt') =>
    new SignJWT({
      iss: 'stratum',
      aud: 'stratum-embed',
      iat: clock,
      exp: clock + 60,
      tid: 't1',
      sid: 's1',
      wgt: ['kpi-card'],
      ori: ['https://portal.example.com'],
      jti: 'j',
      ro: true,
      ...claims,
    })
      .setProtectedHeader({ alg: 'HS256', typ })
      .sign(key);

  it('when a token is issued, it verifies to its claims, is read-only and lives 10 minutes by default', async () => {
    const issued = await service.issue(INPUT);
    expect(issued.expiresAt.getTime()).to.equal((clock + 600) * 1000);
    const claims = await service.verify(issued.token, { origin: 'https://portal.example.com' });
    expect(claims).to.deep.include({
      tenantId: 't1',
      siteId: 's1',
      widgets: ['kpi-card', 'trend-chart'],
      allowedOrigins: ['https://portal.example.com', 'http://localhost:5173'],
      iat: clock,
      exp: clock + 600,
      readOnly: true,
    });
    expect(claims.platforms).to.equal(undefined);
    expect(claims.campaignIds).to.equal(undefined);
    expect(claims.jti).to.match(/^[0-9a-f-]{36}$/);
    expect(isEmbedToken(issued.token)).to.equal(true);
  });

  it('when two tokens are issued, their jti differ', async () => {
    const [a, b] = await Promise.all([service.issue(INPUT), service.issue(INPUT)]);
    expect((await service.verify(a.token)).jti).to.not.equal((await service.verify(b.token)).jti);
  });

  it('when the origin is given and not allowed, verify throws a 403 ForbiddenError', async () => {
    const { token } = await service.issue(INPUT);
    for (const origin of [
      'https://evil.example.com',
      'null',
      'https://portal.example.com.evil.io',
      'http://portal.example.com',
    ]) {
      const error = await rejection(service.verify(token, { origin }));
      expect(error, origin).to.be.instanceOf(ForbiddenError).with.property('code', 'EMBED_ORIGIN_FORBIDDEN');
    }
    expect((await service.verify(token, { origin: 'http://LOCALHOST:5173' })).siteId).to.equal('s1');
  });

  it('when origins are issued with a trailing slash or upper case, they are stored as origins', async () => {
    const { token } = await service.issue({ ...INPUT, allowedOrigins: ['https://Portal.Example.com/'] });
    expect((await service.verify(token)).allowedOrigins).to.deep.equal(['https://portal.example.com']);
  });

  it('when the token has expired (beyond 30 s of tolerance), verify throws EMBED_TOKEN_EXPIRED', async () => {
    const { token } = await service.issue({ ...INPUT, ttlSec: 60 });
    clock += 60 + 29;
    expect((await service.verify(token)).tenantId).to.equal('t1');
    clock += 2;
    const error = await rejection(service.verify(token));
    expect(error).to.be.instanceOf(AuthenticationError).with.property('code', 'EMBED_TOKEN_EXPIRED');
  });

  it('when a lifetime above 15 minutes or a bad input is asked, issue throws InputError listing fields', async () => {
    const error = await rejection(
      service.issue({
        ...INPUT,
        ttlSec: 901,
        widgets: [],
        allowedOrigins: ['https://a.example.com/path', 'ftp://x'],
      }),
    );
    expect(error).to.be.instanceOf(InputError);
    const paths = ((error as InputError).details as { path: string }[]).map((issue) => issue.path);
    expect(paths).to.have.members(['ttlSec', 'widgets', 'allowedOrigins.0', 'allowedOrigins.1']);
    const longest = await service.issue({ ...INPUT, ttlSec: 900 });
    expect(longest.expiresAt.getTime()).to.equal((clock + 900) * 1000);
  });

  it('when an access token is presented as an embed token, and the other way round, both are refused', async () => {
    const accessTokens = createAccessTokenService({ secret: SECRET, now: () => clock });
    const access = await accessTokens.issue({ userId: 'u1', tenantId: 't1', role: 'admin' });
    const asEmbed = await rejection(service.verify(access.token));
    expect(asEmbed).to.be.instanceOf(AuthenticationError).with.property('code', 'EMBED_TOKEN_INVALID');
    expect(isEmbedToken(access.token)).to.equal(false);
    const { token } = await service.issue(INPUT);
    const asAccess = await rejection(accessTokens.verify(token));
    expect(asAccess).to.be.instanceOf(AuthenticationError).with.property('code', 'AUTH_TOKEN_INVALID');
  });

  it('when a token is signed with the raw JWT secret or another type, it is refused', async () => {
    const rawKey = await forge({}, new TextEncoder().encode(SECRET));
    const otherType = await forge({}, embedKey(), 'at+jwt');
    const control = await forge({});
    expect((await service.verify(control)).siteId).to.equal('s1');
    for (const token of [rawKey, otherType]) {
      const error = await rejection(service.verify(token));
      expect(error).to.be.instanceOf(AuthenticationError).with.property('code', 'EMBED_TOKEN_INVALID');
    }
  });

  it('when claims are missing, malformed or unsigned, the lifetime exceeds 15 minutes or it is not read-only, the token is refused', async () => {
    const unsigned = new UnsecuredJWT({ tid: 't1', sid: 's1', wgt: ['a'], ori: ['https://a.b'], jti: 'j' })
      .setIssuedAt(clock)
      .setExpirationTime(clock + 60)
      .encode();
    const tokens = [
      await forge({ tid: undefined }),
      await forge({ wgt: 'kpi-card' }),
      await forge({ ori: [] }),
      await forge({ exp: clock + 901 }),
      await forge({ ro: false }),
      await forge({ ro: undefined }),
      await forge({ flt: { p: [] } }),
      await forge({ aud: 'stratum-api' }),
      unsigned,
      'not.a.token',
      '',
    ];
    for (const token of tokens) {
      const error = await rejection(service.verify(token));
      expect(error, token).to.be.instanceOf(AuthenticationError).with.property('code', 'EMBED_TOKEN_INVALID');
    }
  });

  it('when platform and campaign filters are issued, they come back deduplicated as claims', async () => {
    const { token } = await service.issue({
      ...INPUT,
      platforms: ['meta', 'google-ads', 'meta'],
      campaignIds: ['c1'],
    });
    const claims = await service.verify(token);
    expect(claims.platforms).to.deep.equal(['meta', 'google-ads']);
    expect(claims.campaignIds).to.deep.equal(['c1']);
  });

  it('when the secret is shorter than 32 bytes, the service is not created', () => {
    expect(() => createEmbedTokenService({ secret: 'short' })).to.throw(TypeError);
  });
});
