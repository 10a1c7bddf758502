import { isConnectorError } from '../../connectors/shared/index.js';
import { PluginError, isPluginError } from '../../core/plugin-api/index.js';

/**
 * ConnectorError → PluginError: a refused token or missing Ad Library access → `auth`; throttling
 * and temporary failures → `transient` with Meta's advised wait; anything else → `system`.
 */
export function toPluginError(error: unknown, what: string): PluginError {
  if (isPluginError(error)) return error;
  if (!isConnectorError(error))
    return new PluginError('system', `${what} failed unexpectedly`, {
      code: 'AD_LIBRARY_UNEXPECTED_ERROR',
      cause: error,
    });
  const common = { code: error.code, cause: error, details: { platformCode: error.platformCode ?? null } };
  switch (error.kind) {
    case 'auth':
    case 'permission':
      return new PluginError('auth', error.message, common);
    case 'rate_limit':
    case 'transient':
      return new PluginError('transient', error.message, {
        ...common,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      });
    case 'not_found':
    case 'invalid_request':
      return new PluginError('config', error.message, common);
    default:
      return new PluginError('system', error.message, common);
  }
}
