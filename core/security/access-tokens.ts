import { randomUUID } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
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
}

export interface AccessTokenService {
  issue(subject: AccessTokenSubject): Promise<IssuedAccessToken>;
  /** Throws AuthenticationError (`AUTH_TOKEN_EXPIRED` or `AUTH_TOKEN_INVALID`) on any failure. */
  verify(token: string): Promise<AccessTokenClaims>;
}

// RFC 9068 media type: an ID token or an embed token signed with the same secret is refused.
const TOKEN_TYPE = 'at+jwt';
const MIN_SECRET_BYTES = 32;

/**
 * HS256 access tokens (15 min by default). Verification pins the algorithm, so `alg: none`
 * and every other algorithm are refused, and checks issuer, audience, type and expiry with
 * 30 s of clock tolerance.
 */
export function createAccessTokenService(options: AccessTokenOptions): AccessTokenService {
  const key = new TextEncoder().encode(options.secret);
  if (key.byteLength < MIN_SECRET_BYTES)
    throw new TypeError(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  const issuer = options.issuer ?? 'stratum';
  const audience = options.audience ?? 'stratum-api';
  const ttlSec = options.ttlSec ?? 15 * 60;
  const clockTolerance = options.clockToleranceSec ?? 30;
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));

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
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          issuer,
          audience,
          typ: TOKEN_TYPE,
          clockTolerance,
          currentDate: new Date(now() * 1000),
          requiredClaims: ['sub', 'tid', 'role', 'exp', 'iat', 'jti'],
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) {
          throw new AuthenticationError('Access token expired', { code: 'AUTH_TOKEN_EXPIRED', cause: error });
        }
        throw invalid(error);
      }
      const claims = claimsSchema.safeParse(payload);
      if (!claims.success) throw invalid(claims.error);
      return claims.data;
    },
  };
}
