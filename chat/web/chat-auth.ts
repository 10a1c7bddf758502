/**
 * Who may chat: a signed-in user whose role has `chat:use`, or a portal widget whose embed token
 * lists the `chat` widget (its platform/campaign filters become the answers' scope). API keys
 * are machine clients: chat is for people.
 */
import type { AuthService } from '../../core/auth/auth.service.js';
import { AuthenticationError, ForbiddenError } from '../../core/errors/errors.js';
import { principalHasPermission } from '../../core/rbac/permissions.js';
import { isEmbedToken } from '../../core/security/embed-tokens.js';
import type { EmbedTokenService } from '../../core/security/embed-tokens.js';
import type { ChatInput } from '../engine/chat-engine.js';

export const CHAT_WIDGET = 'chat';
const MAX_TOKEN_CHARS = 4096;

export interface ChatIdentity {
  readonly kind: 'user' | 'embed';
  readonly tenantId: string;
  /** The user id, or `embed:<token id>` for a widget's viewer. */
  readonly userId: string;
  readonly scope?: ChatInput['scope'];
}

export type ChatAuthenticate = (token: string, origin?: string) => Promise<ChatIdentity>;

export interface ChatAuthDeps {
  readonly auth: Pick<AuthService, 'authenticateAccessToken'>;
  readonly embedTokens: Pick<EmbedTokenService, 'verify'>;
}

export function createChatAuthenticator(deps: ChatAuthDeps): ChatAuthenticate {
  return async (token, origin) => {
    if (token.length === 0 || token.length > MAX_TOKEN_CHARS)
      throw new AuthenticationError('Invalid credentials', { code: 'AUTH_TOKEN_INVALID' });
    if (isEmbedToken(token)) {
      // A browser always sends Origin; a token used without one is not being used by its site.
      if (origin === undefined)
        throw new ForbiddenError('This embed token is not valid here', { code: 'EMBED_ORIGIN_FORBIDDEN' });
      const claims = await deps.embedTokens.verify(token, { origin });
      if (!claims.widgets.includes(CHAT_WIDGET))
        throw new ForbiddenError('This embed token does not include the chat', { code: 'CHAT_FORBIDDEN' });
      const { platforms, campaignIds } = claims as {
        platforms?: readonly string[];
        campaignIds?: readonly string[];
      };
      const scope = {
        ...(platforms === undefined ? {} : { platforms }),
        ...(campaignIds === undefined ? {} : { campaignIds }),
      };
      return {
        kind: 'embed',
        tenantId: claims.tenantId,
        userId: `embed:${claims.jti}`,
        ...(Object.keys(scope).length === 0 ? {} : { scope }),
      };
    }
    const principal = await deps.auth.authenticateAccessToken(token);
    if (!principalHasPermission({ kind: 'user', role: principal.role }, 'chat:use'))
      throw new ForbiddenError('Not allowed to use the chat', { code: 'CHAT_FORBIDDEN' });
    return { kind: 'user', tenantId: principal.tenantId, userId: principal.userId };
  };
}
