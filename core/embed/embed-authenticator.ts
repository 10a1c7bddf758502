/**
 * Turns an embed token into a principal: the signature and lifetime (core/security/embed-tokens),
 * then the site as it is now — it must still exist, and the request's `Origin` must equal one of
 * its origins exactly. A site whose origins were edited or which was deleted stops its tokens at
 * once, without waiting for them to expire.
 */
import type { EmbedPrincipal } from '../auth/principal.js';
import { AuthenticationError, ForbiddenError } from '../errors/errors.js';
import { normalizeOrigin } from '../security/embed-tokens.js';
import type { EmbedTokenClaims, EmbedTokenService } from '../security/embed-tokens.js';
import type { EmbedSiteService } from './embed-site.service.js';

export interface EmbedAuthenticator {
  /** 401 for a bad/expired token or a deleted site, 403 for a missing or foreign Origin. */
  authenticate(token: string, origin: string | undefined): Promise<EmbedPrincipal>;
  /** The same checks for live connections (socket.io, SSE), shaped as the token verifier. */
  readonly live: Pick<EmbedTokenService, 'verify'>;
}

const forbiddenOrigin = () =>
  new ForbiddenError('This embed token is not valid on this site', { code: 'EMBED_ORIGIN_FORBIDDEN' });

export function createEmbedAuthenticator(deps: {
  readonly tokens: Pick<EmbedTokenService, 'verify'>;
  readonly sites: Pick<EmbedSiteService, 'find'>;
}): EmbedAuthenticator {
  const check = async (
    token: string,
    origin: string | undefined,
  ): Promise<EmbedTokenClaims & { origin: string }> => {
    // Browsers always send Origin on cross-origin fetches; its absence means not a browser on a portal.
    if (origin === undefined) throw forbiddenOrigin();
    const normalized = normalizeOrigin(origin);
    const claims = await deps.tokens.verify(token, { origin });
    const site = await deps.sites.find(claims.tenantId, claims.siteId);
    if (site === undefined) {
      throw new AuthenticationError('This embed site no longer exists', { code: 'EMBED_SITE_GONE' });
    }
    if (normalized === undefined || !site.allowedOrigins.includes(normalized)) throw forbiddenOrigin();
    return { ...claims, origin: normalized };
  };
  return {
    async authenticate(token, origin) {
      const claims = await check(token, origin);
      return {
        kind: 'embed',
        tenantId: claims.tenantId,
        siteId: claims.siteId,
        widgets: claims.widgets,
        origin: claims.origin,
        platforms: claims.platforms,
        campaignIds: claims.campaignIds,
        tokenId: claims.jti,
        expiresAt: claims.exp,
      };
    },
    live: {
      verify: (token, options) => check(token, options?.origin),
    },
  };
}
