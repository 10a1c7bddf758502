import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Kinds of opaque secrets and the prefix that makes each recognisable (e.g. by secret scanners). */
export const OPAQUE_TOKEN_PREFIXES = { refreshToken: 'srt', apiKey: 'sak' } as const;
export type OpaqueTokenKind = keyof typeof OPAQUE_TOKEN_PREFIXES;

const SECRET_BYTES = 32;
const SECRET_CHARS = 43; // base64url of 32 bytes, no padding
const VISIBLE_SECRET_CHARS = 8;

/** A freshly minted secret: show `token` once, store only `hash` and `visiblePrefix`. */
export interface OpaqueToken {
  readonly token: string;
  /** SHA-256 hex of the token; tokens carry 256 bits of entropy, so no salt or KDF is needed. */
  readonly hash: string;
  /** `sak_AbCdEfGh`: enough to recognise a key in a list, useless to an attacker. */
  readonly visiblePrefix: string;
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateOpaqueToken(kind: OpaqueTokenKind): OpaqueToken {
  const prefix = OPAQUE_TOKEN_PREFIXES[kind];
  const token = `${prefix}_${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return {
    token,
    hash: hashOpaqueToken(token),
    visiblePrefix: token.slice(0, prefix.length + 1 + VISIBLE_SECRET_CHARS),
  };
}

/** Cheap shape check before any lookup, so garbage never reaches the database. */
export function isOpaqueTokenOf(kind: OpaqueTokenKind, candidate: string): boolean {
  const prefix = OPAQUE_TOKEN_PREFIXES[kind];
  return (
    candidate.length === prefix.length + 1 + SECRET_CHARS &&
    candidate.startsWith(`${prefix}_`) &&
    /^[A-Za-z0-9_-]+$/.test(candidate.slice(prefix.length + 1))
  );
}

/** Constant-time equality of two strings (compares their SHA-256 digests, so lengths may differ). */
export function safeEqual(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
