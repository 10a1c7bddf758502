import type { EmbedTokenService, IssuedEmbedToken } from '../security/embed-tokens.js';
import { ForbiddenError } from '../errors/errors.js';
import { parseInput } from '../tenants/parse-input.js';
import type { EmbedSiteService } from './embed-site.service.js';
import { issueEmbedTokenInputSchema } from './embed-site.schemas.js';
import type { EmbedWidget, IssueEmbedTokenInput } from './embed-site.schemas.js';

export interface IssuedSiteToken extends IssuedEmbedToken {
  readonly siteId: string;
  readonly widgets: readonly EmbedWidget[];
}

export interface EmbedTokenIssuer {
  /**
   * Mints a read-only token for one of the tenant's sites: NotFoundError for a site that is not
   * the tenant's, ForbiddenError (`EMBED_WIDGET_NOT_ALLOWED`) for widgets the site does not allow.
   */
  issue(tenantId: string, input: IssueEmbedTokenInput): Promise<IssuedSiteToken>;
}

export function createEmbedTokenIssuer(deps: {
  readonly sites: Pick<EmbedSiteService, 'get'>;
  readonly tokens: Pick<EmbedTokenService, 'issue'>;
}): EmbedTokenIssuer {
  return {
    async issue(tenantId, input) {
      const parsed = parseInput(issueEmbedTokenInputSchema, input);
      const site = await deps.sites.get(tenantId, parsed.siteId);
      const widgets = parsed.widgets === undefined ? [...site.widgets] : [...new Set(parsed.widgets)];
      const refused = widgets.filter((widget) => !site.widgets.includes(widget));
      if (refused.length > 0) {
        throw new ForbiddenError('The site does not allow these widgets', {
          code: 'EMBED_WIDGET_NOT_ALLOWED',
          details: { widgets: refused },
        });
      }
      const issued = await deps.tokens.issue({
        tenantId,
        siteId: site.id,
        widgets,
        allowedOrigins: [...site.allowedOrigins],
        ttlSec: parsed.ttlSec,
        ...(parsed.platforms === undefined ? {} : { platforms: parsed.platforms }),
        ...(parsed.campaignIds === undefined ? {} : { campaignIds: parsed.campaignIds }),
      });
      return { ...issued, siteId: site.id, widgets };
    },
  };
}
