/**
 * Who is on the other end of a live connection (socket.io handshake or SSE request). The same
 * service calls as the HTTP authentication middleware verify access tokens and API keys; embed
 * tokens are checked against the connection's Origin.
 */
import type { ApiKeyService } from '../api-keys/api-key.service.js';
import type { AuthService } from '../auth/auth.service.js';
import { permissionSubjectOf } from '../auth/principal.js';
import type { Principal } from '../auth/principal.js';
import { AuthenticationError, ForbiddenError } from '../errors/errors.js';
import { principalHasPermission } from '../rbac/permissions.js';
import type { Role } from '../security/access-tokens.js';
import { isEmbedToken } from '../security/embed-tokens.js';
import type { EmbedTokenService } from '../security/embed-tokens.js';
import { isOpaqueTokenOf } from '../security/opaque-tokens.js';
import type { LiveEventName } from './live-events.js';

export type LiveIdentity =
  | { readonly kind: 'user'; readonly tenantId: string; readonly userId: string; readonly role: Role }
  | { readonly kind: 'apiKey'; readonly tenantId: string; readonly apiKeyId: string }
  | {
      readonly kind: 'embed';
      readonly tenantId: string;
      readonly siteId: string;
      readonly widgets: readonly string[];
    };

/**
 * Whether `identity` may receive live event `name`. Embed tokens receive only what their widgets
 * show: KPI changes for data widgets, alerts when `alerts` (or the dashboard) is embedded, never
 * sync progress; alert titles must not reach a portal that only embeds a KPI card.
 */
export function liveEventAllowed(identity: LiveIdentity, name: LiveEventName): boolean {
  if (identity.kind !== 'embed') return true;
  switch (name) {
    case 'kpis:changed':
      return true;
    case 'alert':
      return identity.widgets.includes('alerts') || identity.widgets.includes('dashboard');
    case 'sync:progress':
      return false;
    default:
      return assertNever(name);
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected live event ${String(value)}`);
}

/**
 * Throws AuthenticationError for a missing or bad credential, ForbiddenError when an embed token
 * is used from an origin it does not allow or a principal may not read KPIs.
 */
export type LiveAuthenticate = (token: string, origin?: string) => Promise<LiveIdentity>;

export interface RealtimeAuthenticatorDeps {
  readonly auth: Pick<AuthService, 'authenticateAccessToken'>;
  readonly apiKeys: Pick<ApiKeyService, 'authenticate'>;
  readonly embedTokens: Pick<EmbedTokenService, 'verify'>;
}

// JWTs of ours stay far below this; longer input is refused before any parsing.
const MAX_TOKEN_CHARS = 4096;

function identityOfPrincipal(principal: Exclude<Principal, { readonly kind: 'embed' }>): LiveIdentity {
  // Live events are KPI changes, sync progress and alerts: what `kpis:read` lets one see.
  if (!principalHasPermission(permissionSubjectOf(principal), 'kpis:read')) {
    throw new ForbiddenError('Not allowed to receive live events', { code: 'LIVE_FORBIDDEN' });
  }
  return principal.kind === 'user'
    ? { kind: 'user', tenantId: principal.tenantId, userId: principal.userId, role: principal.role }
    : { kind: 'apiKey', tenantId: principal.tenantId, apiKeyId: principal.apiKeyId };
}

export function createRealtimeAuthenticator(deps: RealtimeAuthenticatorDeps): LiveAuthenticate {
  return async (token, origin) => {
    if (token.length === 0 || token.length > MAX_TOKEN_CHARS) {
      throw new AuthenticationError('Invalid credentials', { code: 'AUTH_TOKEN_INVALID' });
    }
    if (isOpaqueTokenOf('apiKey', token)) return identityOfPrincipal(await deps.apiKeys.authenticate(token));
    if (isEmbedToken(token)) {
      const claims = await deps.embedTokens.verify(token, { origin });
      return { kind: 'embed', tenantId: claims.tenantId, siteId: claims.siteId, widgets: claims.widgets };
    }
    return identityOfPrincipal(await deps.auth.authenticateAccessToken(token));
  };
}
