import { isConnectorError } from '../../connectors/shared/index.js';
import type { ConnectorError } from '../../connectors/shared/index.js';
import { PluginError, isPluginError } from '../../core/plugin-api/index.js';

/**
 * ConnectorError → PluginError: auth/permission → `auth`; throttling and transient failures →
 * `transient` with the advised wait; an unknown phone number id → `config`; a refused message
 * (closed 24-hour window, recipient unavailable, bad payload) → `system` with its code.
 */
export function toPluginError(error: unknown, what: string): PluginError {
  if (isPluginError(error)) return error;
  if (isConnectorError(error)) return fromConnectorError(error);
  if (error instanceof Error && error.name === 'AbortError')
    return new PluginError('transient', `${what} was cancelled`, {
      code: 'WHATSAPP_CALL_ABORTED',
      source: 'plugin',
    });
  return new PluginError('system', `${what} failed unexpectedly`, {
    code: 'WHATSAPP_UNEXPECTED_ERROR',
    cause: error,
  });
}

function fromConnectorError(error: ConnectorError): PluginError {
  const common = {
    code: error.code,
    details: { platformCode: error.platformCode ?? null, status: error.status ?? null },
    cause: error,
  };
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
      return new PluginError('system', error.message, common);
    default:
      return assertNever(error.kind);
  }
}

function assertNever(value: never): never {
  throw new TypeError(`Unhandled connector error kind ${String(value)}`);
}
