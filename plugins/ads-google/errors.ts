import { PluginError, isPluginError } from '../../core/plugin-api/index.js';
import { isConnectorError } from '../../connectors/shared/index.js';

/**
 * A connector failure as the host understands it: credentials and permissions → `auth` (status
 * `auth_error`, never retried in a loop); rate limits and outages → `transient` with the advised
 * wait; a rejected request or a missing resource → `system`, or `config` when `configFault` says
 * the admin's configuration (an unknown customer, a campaign that cannot take the change) is why.
 */
export function toPluginError(error: unknown, configFault = false): unknown {
  if (isPluginError(error) || !isConnectorError(error)) return error;
  const options = {
    code: error.code,
    cause: error,
    details: {
      ...(error.status === undefined ? {} : { httpStatus: error.status }),
      ...(error.platformCode === undefined ? {} : { platformCode: error.platformCode }),
    },
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  };
  switch (error.kind) {
    case 'auth':
    case 'permission':
      return new PluginError('auth', error.message, options);
    case 'rate_limit':
    case 'transient':
      return new PluginError('transient', error.message, options);
    case 'invalid_request':
    case 'not_found':
      return new PluginError(configFault ? 'config' : 'system', error.message, {
        ...options,
        source: 'downstream',
      });
  }
}

/** Runs `work`, rethrowing connector failures as plugin errors. */
export async function mapped<T>(work: () => Promise<T>, configFault = false): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toPluginError(error, configFault);
  }
}
