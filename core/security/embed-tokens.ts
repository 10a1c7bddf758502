/**
 * Embed tokens: short-lived HS256 JWTs a customer's portal fetches for its widgets. They name one
 * tenant, one embed site, the widgets it may show, the origins it may be used from and optional
 * platform/campaign filters every KPI read is held to. They are read-only by construction: the
 * `ro` claim is always true and the HTTP layer maps them to a principal without write rights. The key
 * is derived from JWT_SECRET with HKDF under its own label and the `typ` differs, so an access
 * token is never accepted as an embed token, nor the other way round.
 */
import { createSecretKey, hkdfSync, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { decodeProtectedHeader, errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { AuthenticationError, ForbiddenError, InputError } from '../errors/errors.js';

export const EMBED_TOKEN_TYPE = 'embed+jwt';
export const EMBED_TOKEN_DEFAULT_TTL_SEC = 10 * 60;
/** A leaked token is worth little: it lives a quarter of an hour at most. */
export const EMBED_TOKEN_MAX_TTL_SEC = 15 * 60;

const ISSUER = 'stratum';
const AUDIENCE = 'stratum-embed';
const HKDF_SALT = 'stratum/embed-token';
const HKDF_INFO = 'hs256/v1';
const MIN_SECRET_BYTES = 32;
const CLOCK_TOLERANCE_SEC = 30;

/** `https://Portal.example.com/` → `https://portal.example.com`; paths, queries and credentials are refused. */
export function normalizeOrigin(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  const bare =
    url.pathname === '/' &&
    url.search === '' &&
    url.hash === '' &&
    url.username === '' &&
    url.password === '';
  if (!bare || (url.protocol !== 'https:' && url.protocol !== 'http:')) return undefined;
  return url.origin;
}

const originSchema = z.string().transform((value, context) => {
  const origin = normalizeOrigin(value);
  if (origin === undefined) {
    context.addIssue({ code: 'custom', message: 'must be an origin like https://portal.example.com' });
    return z.NEVER;
  }
  return origin;
});

const issueInputSchema = z.object({
  tenantId: z.string().min(1).max(128),
  siteId: z.string().min(1).max(128),
  widgets: z.array(z.string().min(1).max(64)).min(1).max(50),
  allowedOrigins: z.array(originSchema).min(1).max(50),
  ttlSec: z.number().int().min(1).max(EMBED_TOKEN_MAX_TTL_SEC).default(EMBED_TOKEN_DEFAULT_TTL_SEC),
  platforms: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
  campaignIds: z.array(z.string().min(1).max(64)).min(1).max(200).optional(),
});

/** What a token is issued for; `ttlSec` is 10 min by default, 15 min at most. */
export type EmbedTokenInput = z.input<typeof issueInputSchema>;

const payloadSchema = z.object({
  tid: z.string().min(1),
  sid: z.string().min(1),
  wgt: z.array(z.string().min(1)).min(1),
  ori: z.array(z.string().min(1)).min(1),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().min(1),
  ro: z.literal(true),
  flt: z
    .object({
      p: z.array(z.string().min(1)).min(1).optional(),
      c: z.array(z.string().min(1)).min(1).optional(),
    })
    .optional(),
});

/** Verified claims; `iat` and `exp` are seconds since the epoch. */
export interface EmbedTokenClaims {
  readonly tenantId: string;
  readonly siteId: string;
  readonly widgets: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly iat: number;
  readonly exp: number;
  readonly jti: string;
  /** Always true: an embed token never changes anything. */
  readonly readOnly: true;
  /** KPI reads are restricted to these platforms / campaigns when present. */
  readonly platforms?: readonly string[] | undefined;
  readonly campaignIds?: readonly string[] | undefined;
}

export interface IssuedEmbedToken {
  readonly token: string;
  readonly expiresAt: Date;
}

export interface EmbedTokenService {
  /** Throws InputError (fields in `details`) for a bad input. */
  issue(input: EmbedTokenInput): Promise<IssuedEmbedToken>;
  /**
   * Throws AuthenticationError (`EMBED_TOKEN_EXPIRED` / `EMBED_TOKEN_INVALID`) for a bad token,
   * ForbiddenError (`EMBED_ORIGIN_FORBIDDEN`) when `origin` is given and not allowed.
   */
  verify(token: string, options?: { readonly origin?: string | undefined }): Promise<EmbedTokenClaims>;
}

export interface EmbedTokenOptions {
  /** JWT_SECRET; the signing key is derived from it. */
  readonly secret: string;
  /** Seconds since the epoch; tests pass a fixed clock. */
  readonly now?: () => number;
}

/** Reads only the unverified header: routes a credential to the verifier that will check it. */
export function isEmbedToken(token: string): boolean {
  try {
    return decodeProtectedHeader(token).typ === EMBED_TOKEN_TYPE;
  } catch {
    return false;
  }
}

function deriveKey(secret: string): KeyObject {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.byteLength < MIN_SECRET_BYTES)
    throw new TypeError(`JWT secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return createSecretKey(Buffer.from(hkdfSync('sha256', bytes, HKDF_SALT, HKDF_INFO, 32)));
}

function claimsOf(payload: unknown): EmbedTokenClaims {
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success || parsed.data.exp - parsed.data.iat > EMBED_TOKEN_MAX_TTL_SEC) {
    throw new AuthenticationError('Invalid embed token', { code: 'EMBED_TOKEN_INVALID' });
  }
  const { tid, sid, wgt, ori, iat, exp, jti, flt } = parsed.data;
  return Object.freeze({
    tenantId: tid,
    siteId: sid,
    widgets: Object.freeze(wgt),
    allowedOrigins: Object.freeze(ori),
    iat,
    exp,
    jti,
    readOnly: true,
    ...(flt?.p === undefined ? {} : { platforms: Object.freeze(flt.p) }),
    ...(flt?.c === undefined ? {} : { campaignIds: Object.freeze(flt.c) }),
  });
}

function assertOriginAllowed(claims: EmbedTokenClaims, origin: string): void {
  const normalized = normalizeOrigin(origin);
  if (normalized === undefined || !claims.allowedOrigins.includes(normalized)) {
    throw new ForbiddenError('This embed token is not valid on this site', {
      code: 'EMBED_ORIGIN_FORBIDDEN',
    });
  }
}

export function createEmbedTokenService(options: EmbedTokenOptions): EmbedTokenService {
  const key = deriveKey(options.secret);
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));

  return {
    async issue(input) {
      const parsed = issueInputSchema.safeParse(input);
      if (!parsed.success) {
        throw new InputError('Invalid embed token request', {
          details: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        });
      }
      const { tenantId, siteId, widgets, allowedOrigins, ttlSec, platforms, campaignIds } = parsed.data;
      const issuedAt = Math.floor(now());
      const filters = {
        ...(platforms === undefined ? {} : { p: [...new Set(platforms)] }),
        ...(campaignIds === undefined ? {} : { c: [...new Set(campaignIds)] }),
      };
      const token = await new SignJWT({
        tid: tenantId,
        sid: siteId,
        wgt: widgets,
        ori: [...new Set(allowedOrigins)],
        ro: true,
        ...(Object.keys(filters).length === 0 ? {} : { flt: filters }),
      })
        .setProtectedHeader({ alg: 'HS256', typ: EMBED_TOKEN_TYPE })
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + ttlSec)
        .setJti(randomUUID())
        .sign(key);
      return { token, expiresAt: new Date((issuedAt + ttlSec) * 1000) };
    },
    async verify(token, verifyOptions = {}) {
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, {
          algorithms: ['HS256'],
          typ: EMBED_TOKEN_TYPE,
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['tid', 'sid', 'wgt', 'ori', 'iat', 'exp', 'jti', 'ro'],
          clockTolerance: CLOCK_TOLERANCE_SEC,
          currentDate: new Date(Math.floor(now()) * 1000),
        }));
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired) {
          throw new AuthenticationError('Embed token expired', { code: 'EMBED_TOKEN_EXPIRED', cause: error });
        }
        throw new AuthenticationError('Invalid embed token', { code: 'EMBED_TOKEN_INVALID', cause: error });
      }
      const claims = claimsOf(payload);
      if (verifyOptions.origin !== undefined) assertOriginAllowed(claims, verifyOptions.origin);
      return claims;
    },
  };
}
