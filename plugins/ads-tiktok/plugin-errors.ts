import { PluginError, isPluginError } from '../../core/plugin-api/index.js';
import { isConnectorError } from '../../connectors/shared/index.js';

/**
 * A connector failure as the host understands it: refused credentials and missing access → `auth`
 * (status `auth_error`, never retried in a loop); rate limits and outages → `transient` with the
 * advised wait; refused requests → `system`, or `config` when the installation's settings are at
 * fault (`configFault`).
 */
export function toPluginError(error: unknown, configFault = false): PluginError {
  if (isPluginError(error)) return error;
  if (!isConnectorError(error))
    return new PluginError(
      'system',
      `TikTok call failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        code: 'TIKTOK_UNEXPECTED',
        cause: error,
      },
    );
  const details = { platformCode: error.platformCode ?? null, status: error.status ?? null };
  switch (error.kind) {
    case 'auth':
    case 'permission':
      return new PluginError('auth', error.message, { code: error.code, details, cause: error });
    case 'rate_limit':
    case 'transient':
      return new PluginError('transient', error.message, {
        code: error.code,
        details,
        cause: error,
        ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
      });
    case 'invalid_request':
    case 'not_found':
      return new PluginError(configFault ? 'config' : 'system', error.message, {
        code: error.code,
        details,
        cause: error,
        source: 'downstream',
      });
  }
}

/** Runs `work`, rethrowing failures as PluginErrors (an abort is rethrown as it is). */
export async function asPluginCall<T>(
  signal: AbortSignal,
  work: () => Promise<T>,
  configFault = false,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (signal.aborted) throw error;
    throw toPluginError(error, configFault);
  }
}
