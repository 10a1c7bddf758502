import { expect } from 'chai';
import { InputError } from '../errors/errors.js';
import { createPasswordHasher, MAX_PASSWORD_LENGTH } from './passwords.js';

// Cheap parameters keep the suite fast; the production policy is tested for shape only.
const hasher = createPasswordHasher({ memoryCostKiB: 1024, timeCost: 1, parallelism: 1 });

describe('password hashing', () => {
  it('when a password is hashed, the hash is argon2id PHC and verifies', async () => {
    const hash = await hasher.hash('correct horse');
    expect(hash).to.match(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(await hasher.verify(hash, 'correct horse')).to.equal(true);
  });

  it('when the password is wrong, verify is false', async () => {
    const hash = await hasher.hash('correct horse');
    expect(await hasher.verify(hash, 'correct horsf')).to.equal(false);
  });

  it('when the same password is hashed twice, the hashes differ (salted)', async () => {
    expect(await hasher.hash('same')).not.to.equal(await hasher.hash('same'));
  });

  it('when the stored hash is malformed, verify is false instead of throwing', async () => {
    expect(await hasher.verify('not-a-hash', 'x')).to.equal(false);
  });

  it('when the password is over the maximum length, hashing is refused with AUTH_PASSWORD_TOO_LONG', async () => {
    const error = await hasher.hash('x'.repeat(MAX_PASSWORD_LENGTH + 1)).catch((caught: unknown) => caught);
    expect(error).to.be.instanceOf(InputError).with.property('code', 'AUTH_PASSWORD_TOO_LONG');
  });

  it('when the password is over the maximum length, verify is false', async () => {
    const hash = await hasher.hash('x');
    expect(await hasher.verify(hash, 'x'.repeat(MAX_PASSWORD_LENGTH + 1))).to.equal(false);
  });

  it('when the user is unknown, the dummy verify returns false after doing comparable work', async () => {
    const real = await hasher.hash('some password');
    await hasher.verifyDummy('warm-up');
    const once = async (work: () => Promise<unknown>) => {
      const start = process.hrtime.bigint();
      await work();
      return Number(process.hrtime.bigint() - start);
    };
    // Interleaved rounds, fastest of each: a loaded machine only ever adds time, so the minimum
    // is the work itself, not the scheduler's noise.
    let dummy = Infinity;
    let wrong = Infinity;
    for (let round = 0; round < 15; round += 1) {
      dummy = Math.min(dummy, await once(() => hasher.verifyDummy('guess')));
      wrong = Math.min(wrong, await once(() => hasher.verify(real, 'guess')));
    }
    expect(await hasher.verifyDummy('guess')).to.equal(false);
    // Loose bounds: only catches a dummy that skips the argon2 work entirely.
    expect(dummy).to.be.greaterThan(wrong / 4);
  });

  it('when a hash uses weaker parameters than the policy, needsRehash is true', async () => {
    const weak = await hasher.hash('x');
    expect(createPasswordHasher().needsRehash(weak)).to.equal(true);
    expect(hasher.needsRehash(weak)).to.equal(false);
    expect(hasher.needsRehash('garbage')).to.equal(true);
  });
});
