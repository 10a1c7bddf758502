import { isIP } from 'node:net';
import { z } from 'zod';

/** Log levels pino understands, plus `silent`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Express `trust proxy`: off, on, a hop count, or a list of addresses/subnets/named ranges. */
export type TrustProxy = boolean | number | readonly string[];

const NAMED_PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const HOST_PATTERN =
  /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/i;
const MIN_SECRET_LENGTH = 32;
const PORT_MESSAGE = 'must be an integer between 0 and 65535';

function isProxyAddress(entry: string): boolean {
  if (NAMED_PROXY_RANGES.has(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  if (extra !== undefined || address === undefined || isIP(address) === 0) return false;
  if (bits === undefined) return true;
  const max = isIP(address) === 4 ? 32 : 128;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}

function parseTrustProxy(raw: string, ctx: z.RefinementCtx): TrustProxy {
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry !== '' && isProxyAddress(entry))) return entries;
  ctx.addIssue({
    code: 'custom',
    message:
      'must be true, false, a hop count, or a comma-separated list of IPs, subnets or loopback/linklocal/uniquelocal',
  });
  return z.NEVER;
}

function parseHostList(raw: string, ctx: z.RefinementCtx): readonly string[] {
  const entries = raw
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter((entry) => entry !== '');
  const bad = entries.find((entry) => !HOST_PATTERN.test(entry));
  if (bad === undefined) return entries;
  ctx.addIssue({
    code: 'custom',
    message: `must be a comma-separated list of host names (bad entry "${bad}")`,
  });
  return z.NEVER;
}

const secret = () => z.string().min(MIN_SECRET_LENGTH, `must be at least ${MIN_SECRET_LENGTH} characters`);

const urlWithScheme = (schemes: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${schemes.map((scheme) => `${scheme}//`).join(' or ')}` },
  );

/**
 * The environment variables Stratum reads, by their names. Empty strings count as absent (a
 * compose file's `FOO=` usually means "unset"); that is done before this schema runs.
 */
export const envSchema = z.object({
  PORT: z
    .string()
    .regex(/^\d{1,5}$/, PORT_MESSAGE)
    .transform(Number)
    .refine((port) => port <= 65535, PORT_MESSAGE)
    .default(8080),
  HOST: z
    .string()
    .regex(/^[^\s/]+$/, 'must be a host name or IP address')
    .default('127.0.0.1'),
  MONGODB_URI: urlWithScheme(['mongodb:', 'mongodb+srv:']).optional(),
  REDIS_URL: urlWithScheme(['redis:', 'rediss:']).optional(),
  STRATUM_DATA_DIR: z.string().default('./.stratum'),
  JWT_SECRET: secret().optional(),
  ENCRYPTION_KEY: secret().optional(),
  /** The ENCRYPTION_KEY before a change: unwraps old data keys until `stratum keys rotate --kek`. */
  ENCRYPTION_KEY_PREVIOUS: secret().optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DEMO_PASSWORD: z
    .string()
    .min(8, 'must be at least 8 characters')
    .max(256, 'must be at most 256 characters')
    .optional(),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  TRUST_PROXY: z.string().transform(parseTrustProxy).default(false),
  NODE_ENV: z.enum(NODE_ENVS, { message: `must be one of ${NODE_ENVS.join(', ')}` }).default('development'),
  STRATUM_EGRESS_ALLOW: z.string().transform(parseHostList).default([]),
  /**
   * Port of the sample customer portal (outside production): a number, or `off`. Unset means
   * 8081, except when PORT is 0 (tests), where no portal starts unless asked for.
   */
  DEMO_PORTAL_PORT: z
    .string()
    .regex(/^(?:\d{1,5}|off)$/, `must be "off" or a port (${PORT_MESSAGE})`)
    .transform((value) => (value === 'off' ? ('off' as const) : Number(value)))
    .refine((port) => port === 'off' || port <= 65535, PORT_MESSAGE)
    .optional(),
});

export type ParsedEnv = z.output<typeof envSchema>;
export const ENV_VARIABLES = Object.keys(envSchema.shape) as readonly (keyof ParsedEnv)[];
