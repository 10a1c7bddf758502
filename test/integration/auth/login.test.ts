import { expect } from 'chai';
import { createLoginThrottle } from '../../../core/auth/login-throttle.js';
import { RateLimitError } from '../../../core/errors/errors.js';
import { connectTestRedis, deleteKeys, uniqueKeyPrefix } from '../support/redis.js';
import { startCoreTestApp, TEST_PASSWORD } from './support/core-test-app.js';
import type { CoreTestApp } from './support/core-test-app.js';

const THROTTLE = { accountFailures: 3, accountWindowSec: 60, ipFailures: 5, ipWindowSec: 60 };

describe('auth: sign-in (integration)', () => {
  let app: CoreTestApp;
  let ipCounter = 0;
  // Each test signs in from its own client IP, so per-IP counters never leak between tests.
  const freshIp = () => `203.0.113.${(ipCounter += 1)}`;
  const attempt = (email: string, password: string, ip: string) =>
    app.request('/auth/login', {
      method: 'POST',
      body: { email, password },
      headers: { 'x-forwarded-for': ip },
    });

  before(async () => {
    app = await startCoreTestApp({
      trustProxy: true,
      core: {
        loginThrottle: THROTTLE,
        rateLimits: {
          ip: { points: 1000, durationSec: 60 },
          principal: { points: 3, durationSec: 60 },
          tenant: { points: 1000, durationSec: 60 },
        },
      },
    });
  });
  after(async () => {
    await app.close();
  });

  it('when an admin signs in with the right password, answers tokens, expiresIn 900 and the user', async () => {
    const tenant = await app.seedTenant();
    const response = await attempt(tenant.users.admin.email.toUpperCase(), TEST_PASSWORD, freshIp());
    expect(response.status).to.equal(200);
    expect(response.headers.get('cache-control')).to.equal('no-store');
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.accessToken).to.be.a('string');
    expect(body.refreshToken).to.match(/^srt_/);
    expect(body).to.include({ expiresIn: 900, tokenType: 'Bearer' });
    expect(body.user).to.include({ id: tenant.users.admin.id, role: 'admin', tenantId: tenant.id });
    expect(JSON.stringify(body)).not.to.match(/passwordHash|argon2/);
  });

  it('when the access token is used on /me, answers the user and the permissions of its role', async () => {
    const tenant = await app.seedTenant();
    const session = await app.login(tenant.users.viewer.email);
    const response = await app.request('/me', { token: session.accessToken });
    expect(response.status).to.equal(200);
    const body = (await response.json()) as { type: string; user: { id: string }; permissions: string[] };
    expect(body.type).to.equal('user');
    expect(body.user.id).to.equal(tenant.users.viewer.id);
    expect(body.permissions).to.have.members([
      'tenant:read',
      'kpis:read',
      'campaigns:read',
      'rules:read',
      'alerts:read',
      'competitors:read',
    ]);
  });

  it('when the email is unknown, the password wrong or the user deactivated, the answers are identical', async () => {
    const tenant = await app.seedTenant();
    await app.modules.services.users.deactivate(tenant.id, tenant.users.analyst.id);
    const answers = await Promise.all([
      attempt(`nobody-${tenant.slug}@example.com`, TEST_PASSWORD, freshIp()),
      attempt(tenant.users.manager.email, 'wrong password!', freshIp()),
      attempt(tenant.users.analyst.email, TEST_PASSWORD, freshIp()),
    ]);
    const bodies = await Promise.all(answers.map((response) => response.text()));
    expect(answers.map((response) => response.status)).to.deep.equal([401, 401, 401]);
    expect(new Set(bodies).size).to.equal(1);
    expect(JSON.parse(bodies[0] ?? '')).to.deep.equal({
      error: { code: 'AUTH_INVALID_CREDENTIALS', message: 'Invalid email or password' },
    });
  });

  it('when an account failed too often, even the right password answers 429 with Retry-After', async () => {
    const tenant = await app.seedTenant();
    const email = tenant.users.manager.email;
    for (let failure = 0; failure < THROTTLE.accountFailures; failure += 1) {
      expect((await attempt(email, 'wrong password!', freshIp())).status).to.equal(401);
    }
    const locked = await attempt(email, TEST_PASSWORD, freshIp());
    expect(locked.status).to.equal(429);
    expect(Number(locked.headers.get('retry-after'))).to.be.within(1, 60);
    expect(((await locked.json()) as { error: { code: string } }).error.code).to.equal(
      'AUTH_LOGIN_THROTTLED',
    );
    expect((await attempt(tenant.users.viewer.email, TEST_PASSWORD, freshIp())).status).to.equal(200);
  });

  it('when unknown emails fail from one IP too often, that IP answers 429 for every account', async () => {
    const tenant = await app.seedTenant();
    const ip = freshIp();
    for (let failure = 0; failure < THROTTLE.ipFailures; failure += 1) {
      expect((await attempt(`guess-${failure}@${tenant.slug}.example.com`, 'x', ip)).status).to.equal(401);
    }
    const blocked = await attempt(tenant.users.admin.email, TEST_PASSWORD, ip);
    expect(blocked.status).to.equal(429);
    expect(blocked.headers.get('retry-after')).to.match(/^\d+$/);
    expect((await attempt(tenant.users.admin.email, TEST_PASSWORD, freshIp())).status).to.equal(200);
  });

  it('when a sign-in succeeds, the account failure counter starts over', async () => {
    const tenant = await app.seedTenant();
    const email = tenant.users.analyst.email;
    for (let round = 0; round < 2; round += 1) {
      for (let failure = 0; failure < THROTTLE.accountFailures - 1; failure += 1) {
        expect((await attempt(email, 'wrong password!', freshIp())).status).to.equal(401);
      }
      expect((await attempt(email, TEST_PASSWORD, freshIp())).status).to.equal(200);
    }
  });

  it('when a user exceeds the per-principal request budget, answers 429 with Retry-After and RateLimit headers', async () => {
    const tenant = await app.seedTenant();
    const { accessToken } = await app.login(tenant.users.viewer.email);
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let request = 0; request < 4; request += 1) {
      last = await app.request('/tenant', { token: accessToken });
      statuses.push(last.status);
    }
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    expect(last?.headers.get('retry-after')).to.match(/^\d+$/);
    expect(last?.headers.get('ratelimit-limit')).to.equal('3');
    expect(last?.headers.get('ratelimit-remaining')).to.equal('0');
  });

  it('when Redis holds the counters, a lock-out is seen by every process sharing it', async function () {
    const redis = await connectTestRedis(this);
    const keyPrefix = uniqueKeyPrefix();
    try {
      const first = createLoginThrottle({ policy: THROTTLE, redis, keyPrefix });
      const second = createLoginThrottle({ policy: THROTTLE, redis, keyPrefix });
      for (let failure = 0; failure < THROTTLE.accountFailures; failure += 1) {
        await first.recordFailure('someone@example.com', '198.51.100.7');
      }
      const refusal = await second
        .assertAllowed('SOMEONE@example.com', '198.51.100.8')
        .catch((error: unknown) => error);
      expect(refusal).to.be.instanceOf(RateLimitError);
      expect((refusal as RateLimitError).retryAfterMs).to.be.greaterThan(0);
      const [, keys] = await redis.scan('0', 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      expect(keys.length).to.be.greaterThan(0);
      expect(keys.join(' ')).not.to.include('someone');
    } finally {
      await deleteKeys(redis, keyPrefix);
      redis.disconnect();
    }
  });
});
