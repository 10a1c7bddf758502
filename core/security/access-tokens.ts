import { createHmac, createSecretKey, randomUUID, timingSafeEqual } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { AuthenticationError } from '../errors/errors.js';

/**
 * Roles as DESIGN.md names them. The RBAC module owns what each may do; the token only
 * carries the name.
 */
export const ROLES = ['admin', 'manager', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const claimsSchema = z.object({
  sub: z.string().min(1),
  tid: z.string().min(1),
  role: z.enum(ROLES),
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  exp: z.number().int(),
  iat: z.number().int(),
  jti: z.string().min(1),
});

/** Verified claims of an access token. */
export type AccessTokenClaims = z.output<typeof claimsSchema>;

export interface AccessTokenSubject {
  readonly userId: string;
  readonly tenantId: string;
  readonly role: Role;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly jti: string;
  readonly expiresAt: Date;
  readonly expiresInSec: number;
}

export interface AccessTokenOptions {
  readonly secret: string;
  readonly issuer?: string;
  readonly audience?: string;
  readonly ttlSec?: number;
  readonly clockToleranceSec?: number;
  /** Seconds since the epoch; tests pass a fixed clock. */
  readonly now?: () => number;
  /** How many verified tokens are remembered, so a token's next requests skip the HMAC (0: none). */
  readonly verifiedCacheSize?: number;
}

export interface AccessTokenService {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
  /** Throws AuthenticationError (`AUTH_TOKEN_EXPIRED` or `AUTH_TOKEN_INVALID`) on any failure. */
  verify(token: string): Promise<AccessTokenClaims>;
}

// RFC 9068 media type: an ID token or an embed token signed with the same secret is refused.
const TOKEN_TYPE = 'at+jwt';
const MIN_SECRET_BYTES = 32;
const DEFAULT_VERIFIED_CACHE_SIZE = 5_000;
const REQUIRED_CLAIMS = ['sub', 'tid', 'role', 'exp', 'iat', 'jti', 'aud', 'iss'] as const;
// Unpadded base64url, as RFC 7515 writes every JWS segment.
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** A check failed; `expired` is the one failure callers tell apart. */
class TokenCheckFailed extends Error {
  constructor(
    message: string,
    readonly expired = false,
  ) {
    super(message);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** jose's rule: `at+jwt` and `application/at+jwt` name the same type, case aside. */
function normalizeType(value: string): string {
  const lower = value.toLowerCase();
  return value.includes('/') ? lower : `application/${lower}`;
}

interface VerifyRules {
  readonly key: KeyObject;
  readonly issuer: string;
  readonly audience: string;
  readonly clockTolerance: number;
  readonly decoder: TextDecoder;
}

function decodeJsonObject(segment: string, decoder: TextDecoder, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(Buffer.from(segment, 'base64url')));
  } catch {
    throw new TokenCheckFailed(`${what} is not base64url JSON`);
  }
  if (!isPlainObject(parsed)) throw new TokenCheckFailed(`${what} is not a JSON object`);
  return parsed;
}

/** RFC 7797's `b64` is the one critical extension jose accepts, and a JWT must not use it unencoded. */
function checkCriticalHeader(header: Record<string, unknown>): void {
  const { crit } = header;
  if (crit === undefined) return;
  const wellFormed =
    Array.isArray(crit) &&
    crit.length > 0 &&
    crit.every((name) => typeof name === 'string' && name.length > 0);
  if (!wellFormed) throw new TokenCheckFailed('malformed crit header');
  for (const name of crit as string[]) {
    if (name !== 'b64' || header.b64 === undefined) throw new TokenCheckFailed(`unsupported crit ${name}`);
  }
  if (header.b64 !== true) throw new TokenCheckFailed('unencoded payloads are refused');
}

function checkSignature(signingInput: string, signature: string, key: KeyObject): void {
  const expected = Buffer.from(
    createHmac('sha256', key).update(signingInput, 'latin1').digest('base64url'),
    'latin1',
  );
  const given = Buffer.from(signature, 'latin1');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new TokenCheckFailed('signature verification failed');
}

function numericClaim(claims: Record<string, unknown>, name: string): number | undefined {
  const value = claims[name];
  if (value === undefined || typeof value === 'number') return value;
  throw new TokenCheckFailed(`${name} must be a number`);
}

function checkClaims(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  rules: VerifyRules,
  nowSec: number,
): void {
  if (typeof header.typ !== 'string' || normalizeType(header.typ) !== normalizeType(TOKEN_TYPE))
    throw new TokenCheckFailed('unexpected typ');
  for (const name of REQUIRED_CLAIMS)
    if (!Object.hasOwn(claims, name)) throw new TokenCheckFailed(`missing ${name}`);
  if (claims.iss !== rules.issuer) throw new TokenCheckFailed('unexpected iss');
  const { aud } = claims;
  if (!(aud === rules.audience || (Array.isArray(aud) && aud.includes(rules.audience))))
    throw new TokenCheckFailed('unexpected aud');
  numericClaim(claims, 'iat');
  checkValidityWindow(numericClaim(claims, 'nbf'), numericClaim(claims, 'exp'), rules, nowSec);
}

function checkValidityWindow(
  nbf: number | undefined,
  exp: number | undefined,
  rules: VerifyRules,
  nowSec: number,
): void {
  if (nbf !== undefined && nbf > nowSec + rules.clockTolerance) throw new TokenCheckFailed('not yet valid');
  if (exp !== undefined && exp <= nowSec - rules.clockTolerance) throw new TokenCheckFailed('expired', true);
}

/**
 * HS256 compact JWS verification, synchronous: the checks jose's `jwtVerify` makes with
 * `algorithms: ['HS256']`, `typ`, `issuer`, `audience`, `clockTolerance` and `requiredClaims`,
 * in the same order, without its per-call key import and thread-pool round trip (a third of
 * the CPU of an authenticated request). Signatures compare in constant time, and only in their
 * canonical base64url form.
 */
function verifyCompactHs256(token: string, rules: VerifyRules, nowSec: number): Record<string, unknown> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenCheckFailed('not a compact JWS');
  const [encodedHeader = '', encodedPayload = '', signature = ''] = parts;
  if (!SEGMENT.test(encodedHeader) || !SEGMENT.test(encodedPayload) || !SEGMENT.test(signature))
    throw new TokenCheckFailed('segments must be base64url');
  const header = decodeJsonObject(encodedHeader, rules.decoder, 'header');
  checkCriticalHeader(header);
  if (header.alg !== 'HS256') throw new TokenCheckFailed('algorithm not allowed');
  checkSignature(`${encodedHeader}.${encodedPayload}`, signature, rules.key);
  const claims = decodeJsonObject(encodedPayload, rules.decoder, 'claims');
  checkClaims(header, claims, rules, nowSec);
  return claims;
}

interface VerifiedToken {
  readonly claims: AccessTokenClaims;
  readonly nbf: number | undefined;
}

/** Claims handed out from the verified-token cache must not be changed by a caller. */
function deepFreeze(claims: AccessTokenClaims): AccessTokenClaims {
  if (Array.isArray(claims.aud)) Object.freeze(claims.aud);
  return Object.freeze(claims);
}

/**
 * HS256 access tokens (15 min by default). Verification pins the algorithm, so `alg: none`
 * and every other algorithm are refused, and checks issuer, audience, type and expiry with
 * 30 s of clock tolerance.
 */
export function createAccessTokenService(options: AccessTokenOptions): AccessTokenService {
  const secret = new TextEncoder().encode(options.secret);
  if (secret.byteLength < MIN_SECRET_BYTES)
    throw new TypeError(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  // Imported once: jose would import a raw key again on every sign and verify.
  const key = createSecretKey(secret);
  const issuer = options.issuer ?? 'stratum';
  const audience = options.audience ?? 'stratum-api';
  const ttlSec = options.ttlSec ?? 15 * 60;
  const clockTolerance = options.clockToleranceSec ?? 30;
  if (!Number.isFinite(clockTolerance) || clockTolerance < 0)
    throw new TypeError('clockToleranceSec must be a finite number ≥ 0');
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const rules: VerifyRules = {
    key,
    issuer,
    audience,
    clockTolerance,
    decoder: new TextDecoder('utf-8', { fatal: true }),
  };

  // Only tokens that passed every check are remembered, keyed by their exact text, so a hit
  // proves the signature and claims as well as a fresh check; the clock is checked every time.
  const verifiedCacheSize = options.verifiedCacheSize ?? DEFAULT_VERIFIED_CACHE_SIZE;
  const verified =
    verifiedCacheSize > 0 ? new LRUCache<string, VerifiedToken>({ max: verifiedCacheSize }) : undefined;

  const invalid = (cause?: unknown) =>
    new AuthenticationError('Invalid access token', { code: 'AUTH_TOKEN_INVALID', cause });

  return {
    async issue(subject) {
      const issuedAt = now();
      const jti = randomUUID();
      const token = await new SignJWT({ tid: subject.tenantId, role: subject.role })
        .setProtectedHeader({ alg: 'HS256', typ: TOKEN_TYPE })
        .setSubject(subject.userId)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSec)
        .setJti(jti)
        .sign(key);
      return { token, jti, expiresAt: new Date((issuedAt + ttlSec) * 1000), expiresInSec: ttlSec };
    },
    async verify(token) {
      const known = verified?.get(token);
      let claims: AccessTokenClaims;
      try {
        const nowSec = Math.floor(now());
        if (!Number.isFinite(nowSec)) throw new TypeError('The clock returned no time');
        if (known !== undefined) {
          checkValidityWindow(known.nbf, known.claims.exp, rules, nowSec);
          return known.claims;
        }
        const payload = verifyCompactHs256(token, rules, nowSec);
        const parsed = claimsSchema.safeParse(payload);
        if (!parsed.success) throw invalid(parsed.error);
        claims = deepFreeze(parsed.data);
        verified?.set(token, { claims, nbf: payload.nbf as number | undefined });
      } catch (error) {
        if (known !== undefined) verified?.delete(token);
        if (error instanceof AuthenticationError) throw error;
        if (error instanceof TokenCheckFailed && error.expired) {
          throw new AuthenticationError('Access token expired', { code: 'AUTH_TOKEN_EXPIRED', cause: error });
        }
        throw invalid(error);
      }
      return claims;
    },
  };
}
