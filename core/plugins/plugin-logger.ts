import type { Logger } from 'pino';
import type { PluginLogger } from '../plugin-api/index.js';
import { scrubSecrets } from './plugin-secrets.js';

type Fields = Readonly<Record<string, unknown>> | undefined;

const MAX_DEPTH = 6;

function scrubValue(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, secrets, depth + 1));
  if (value instanceof Error) return { name: value.name, message: scrubSecrets(value.message, secrets) };
  if (Object.getPrototypeOf(value) !== Object.prototype) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, scrubValue(item, secrets, depth + 1)]),
  );
}

/**
 * A plugin's logger: the host's pino logger bound to plugin, tenant and installation. Beyond the
 * host's key-based redaction, the installation's own secret values are masked wherever they
 * appear in a message or a field, so a plugin logging its config cannot leak its credentials.
 */
export function toPluginLogger(logger: Logger, secrets: readonly string[] = []): PluginLogger {
  const write = (level: 'debug' | 'info' | 'warn' | 'error') => (message: string, fields: Fields) => {
    const text = scrubSecrets(String(message), secrets);
    if (fields === undefined) logger[level](text);
    else logger[level](scrubValue({ ...fields }, secrets, 0) as Record<string, unknown>, text);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (fields) =>
      toPluginLogger(logger.child(scrubValue({ ...fields }, secrets, 0) as Record<string, unknown>), secrets),
  };
}
