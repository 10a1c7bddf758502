import type { Logger } from '../logging/logger.js';
import type { EgressLogger } from './egress-client.js';

/** Adapts the host's pino logger (fields first) to the egress client's (message first). */
export function egressLoggerFromPino(logger: Logger): EgressLogger {
  return {
    debug: (message, fields) => logger.debug({ ...fields }, message),
    warn: (message, fields) => logger.warn({ ...fields }, message),
  };
}
