import { hash, parseOptions, verify } from '@node-rs/argon2';
import type { Algorithm, Options } from '@node-rs/argon2';
import { InputError } from '../errors/errors.js';

/** argon2id cost; the defaults follow OWASP's minimum (19 MiB, 2 passes, 1 lane). */
export interface PasswordHashingPolicy {
  readonly memoryCostKiB: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordHashingPolicy = {
  memoryCostKiB: 19_456,
  timeCost: 2,
  parallelism: 1,
};

/** Longer inputs are refused before hashing so nobody can make us hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;

// `Algorithm` is an ambient const enum, which isolatedModules forbids reading; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed hash; never throws for either. */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /**
   * Spends the time of a real verification and returns false. Call it when the account does
   * not exist, so an unknown email and a wrong password take similar time.
   */
  verifyDummy(password: string): Promise<false>;
  /** True when the hash was made with weaker or different parameters than the policy. */
  needsRehash(passwordHash: string): boolean;
}

export function createPasswordHasher(
  policy: PasswordHashingPolicy = DEFAULT_PASSWORD_POLICY,
): PasswordHasher {
  const options: Options = {
    algorithm: ARGON2ID,
    memoryCost: policy.memoryCostKiB,
    timeCost: policy.timeCost,
    parallelism: policy.parallelism,
  };
  let dummyHash: Promise<string> | undefined;

  const verifyHash = async (passwordHash: string, password: string): Promise<boolean> => {
    if (password.length > MAX_PASSWORD_LENGTH) return false;
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  };

  return {
    async hash(password) {
      if (password.length > MAX_PASSWORD_LENGTH) {
        throw new InputError(`Password must be at most ${MAX_PASSWORD_LENGTH} characters`, {
          code: 'AUTH_PASSWORD_TOO_LONG',
        });
      }
      return hash(password, options);
    },
    verify: verifyHash,
    async verifyDummy(password) {
      dummyHash ??= hash('stratum-dummy-password-for-timing', options);
      await verifyHash(await dummyHash, password.slice(0, MAX_PASSWORD_LENGTH));
      return false;
    },
    needsRehash(passwordHash) {
      try {
        const parsed = parseOptions(passwordHash);
        return (
          parsed.algorithm !== ARGON2ID ||
          parsed.memoryCost < policy.memoryCostKiB ||
          parsed.timeCost < policy.timeCost ||
          parsed.parallelism !== policy.parallelism
        );
      } catch {
        return true;
      }
    },
  };
}
