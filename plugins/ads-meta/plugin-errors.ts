import { isConnectorError } from '../../connectors/shared/index.js';
import type { ConnectorError } from '../../connectors/shared/index.js';
import { PluginError, isPluginError } from '../../core/plugin-api/index.js';

/**
 * ConnectorError → PluginError: auth/permission → `auth` (the installation goes to
 * `auth_error`, no retry loop); rate limits and transient failures → `transient` with the
 * advised wait; a version Meta no longer serves or an object the config names that does not
 * exist → `config`; any other refused request → `system`.
 */
export function toPluginError(error: unknown, what: string): PluginError {
  if (isPluginError(error)) return error;
  if (isConnectorError(error)) return fromConnectorError(error);
  if (error instanceof Error && error.name === 'AbortError')
    return new PluginError('transient', `${what} was cancelled`, {
      code: 'META_CALL_ABORTED',
      source: 'plugin',
    });
  return new PluginError('system', `${what} failed unexpectedly`, {
    code: 'META_UNEXPECTED_ERROR',
    cause: error,
  });
}

function fromConnectorError(error: ConnectorError): PluginError {
  const details = { platformCode: error.platformCode ?? null, status: error.status ?? null };
  const common = { code: error.code, details, cause: error };
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
      return new PluginError('config', error.message, common);
    case 'invalid_request':
      if (error.code === 'META_QUERY_TOO_LARGE') return new PluginError('transient', error.message, common);
      return new PluginError(
        error.code === 'META_API_VERSION_DEPRECATED' ? 'config' : 'system',
        error.message,
        common,
      );
    default:
      return assertNever(error.kind);
  }
}

function assertNever(value: never): never {
  throw new TypeError(`Unhandled connector error kind ${String(value)}`);
}
