import { pino } from 'pino';
import type { DestinationStream, Logger, LoggerOptions } from 'pino';
import type { LogLevel } from '../config/env-schema.js';
import { redactSensitive } from './redaction.js';

export type { Logger } from 'pino';

export interface LoggerFactoryOptions {
  readonly level: LogLevel;
  /** Human-readable output through pino-pretty (a dev dependency: development only). */
  readonly pretty?: boolean;
  /** Where lines go; stdout by default. Tests pass a stream to read the lines. */
  readonly destination?: DestinationStream;
  /** Fields on every line, e.g. `{ service: 'api' }`. */
  readonly base?: Readonly<Record<string, unknown>>;
}

/** Correlation fields a child logger carries; undefined ones are left out. */
export interface LogContext {
  readonly requestId?: string | undefined;
  readonly tenantId?: string | undefined;
  readonly userId?: string | undefined;
}

function serializeError(error: unknown): unknown {
  const serialized: unknown = pino.stdSerializers.err(error as Error);
  return serialized !== null && typeof serialized === 'object'
    ? redactSensitive(serialized as Record<string, unknown>)
    : serialized;
}

/** Creates the root logger: JSON lines, ISO time, secrets and personal data redacted. */
export function createLogger(options: LoggerFactoryOptions): Logger {
  const pinoOptions: LoggerOptions = {
    level: options.level,
    base: { ...options.base },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A key-name walk instead of pino's path-based `redact`: a path per key and depth cost
    // ~100 µs per line, the walk costs next to nothing when there is nothing to hide.
    formatters: {
      log: (object) => redactSensitive(object),
      bindings: (bindings) => redactSensitive(bindings),
    },
    serializers: { err: serializeError },
  };
  if (options.pretty === true && options.destination === undefined) {
    return pino({ ...pinoOptions, transport: { target: 'pino-pretty', options: { colorize: true } } });
  }
  return options.destination === undefined ? pino(pinoOptions) : pino(pinoOptions, options.destination);
}

/** A child logger whose every line carries the given correlation ids. */
export function withLogContext(logger: Logger, context: LogContext): Logger {
  const bindings: Record<string, string> = {};
  if (context.requestId !== undefined) bindings.requestId = context.requestId;
  if (context.tenantId !== undefined) bindings.tenantId = context.tenantId;
  if (context.userId !== undefined) bindings.userId = context.userId;
  return logger.child(bindings);
}
