import { expect } from 'chai';
import { DEFAULT_PASSWORD_POLICY } from '../../../core/security/passwords.js';
import { startCoreTestApp } from './support/core-test-app.js';
import type { CoreTestApp } from './support/core-test-app.js';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

describe('auth: sign-in timing with the production argon2 cost (integration)', () => {
  let app: CoreTestApp;
  before(async () => {
    app = await startCoreTestApp({ core: { passwordPolicy: DEFAULT_PASSWORD_POLICY } });
  });
  after(async () => {
    await app.close();
  });

  it('when the email is unknown, the answer takes about as long as for a wrong password', async function () {
    this.timeout(60_000);
    const tenant = await app.seedTenant();
    const timed = async (email: string) => {
      const started = process.hrtime.bigint();
      const response = await app.request('/auth/login', {
        method: 'POST',
        body: { email, password: 'not the password' },
      });
      expect(response.status).to.equal(401);
      return Number(process.hrtime.bigint() - started) / 1e6;
    };
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved so load from other processes hits both series alike; 4 + 4 stays under the lock-out.
    for (let round = 0; round < 4; round += 1) {
      unknown.push(await timed(`ghost-${round}@${tenant.slug}.example.com`));
      wrong.push(await timed(tenant.users.viewer.email));
    }
    const ratio = median(unknown) / median(wrong);
    expect(
      ratio,
      `unknown ${median(unknown).toFixed(1)} ms vs wrong ${median(wrong).toFixed(1)} ms`,
    ).to.be.within(0.5, 2);
  });
});
