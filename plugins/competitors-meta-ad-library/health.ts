import type { HealthCheck } from '../../core/plugin-api/index.js';
import type { MetaClientOptions } from '../../connectors/meta/index.js';
import type { PluginContext } from '../../core/plugin-api/index.js';
import type { CompetitorsMetaAdLibraryConfig } from './config.js';
import { createAdLibraryClientFor } from './competitor-source.js';
import { toPluginError } from './plugin-errors.js';

/** One smallest search: proves the token and the app's Ad Library access. Never throws. */
export function createAdLibraryHealthCheck(
  ctx: PluginContext<CompetitorsMetaAdLibraryConfig>,
  retry?: MetaClientOptions['retry'],
): HealthCheck {
  return {
    async check(callContext) {
      try {
        await createAdLibraryClientFor(ctx, retry).searchPage(
          { search: { by: 'keywords', terms: 'sale' }, countries: ['DE'], pageSize: 1 },
          null,
          callContext.signal,
        );
        return { status: 'ok', message: 'The Ad Library answers with this token' };
      } catch (error) {
        const failure = toPluginError(error, 'checking the Ad Library');
        return {
          status: failure.kind === 'auth' ? 'auth_error' : 'error',
          message: failure.message,
          details: { code: failure.code },
        };
      }
    },
  };
}
