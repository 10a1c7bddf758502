import { resolve } from 'node:path';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { ENV_VARIABLES, envSchema } from './env-schema.js';
import type { LogLevel, NodeEnv, TrustProxy } from './env-schema.js';
import { ensureGeneratedSecrets, GENERATED_SECRET_NAMES } from './secrets-file.js';
import type { GeneratedSecretName } from './secrets-file.js';

/** The host's configuration, read once at start-up; nothing else reads `process.env`. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly mongodbUri: string | undefined;
  readonly redisUrl: string | undefined;
  /** Absolute path of the data directory. */
  readonly dataDir: string;
  readonly jwtSecret: string;
  readonly encryptionKey: string;
  /** ENCRYPTION_KEY_PREVIOUS: still unwraps data keys wrapped before a KEK change. */
  readonly encryptionKeyPrevious?: string | undefined;
  readonly logLevel: LogLevel;
  readonly demoPassword: string | undefined;
  readonly metricsToken: string | undefined;
  readonly trustProxy: TrustProxy;
  readonly nodeEnv: NodeEnv;
  readonly isProduction: boolean;
  /** Host patterns (`api.example.com`, `*.example.com`, `host:port`) the egress client may reach. */
  readonly egressAllow: readonly string[];
  /** Port of the sample customer portal; undefined when it does not start. */
  readonly demoPortalPort: number | undefined;
  /** Secrets created on this start (so the caller can log that once); empty on later starts. */
  readonly generatedSecrets: readonly GeneratedSecretName[];
}

export interface LoadConfigOptions {
  /** Base for a relative `STRATUM_DATA_DIR`; defaults to the process's working directory. */
  readonly cwd?: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

function pickDeclared(env: Environment): Record<string, string | undefined> {
  const picked: Record<string, string | undefined> = {};
  for (const name of ENV_VARIABLES) {
    const value = env[name];
    picked[name] = value === undefined || value.trim() === '' ? undefined : value;
  }
  return picked;
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => `${String(issue.path[0] ?? 'environment')} ${issue.message}`);
  return `Invalid environment: ${[...new Set(lines)].join('; ')}`;
}

function resolveSecrets(
  parsed: { JWT_SECRET?: string | undefined; ENCRYPTION_KEY?: string | undefined },
  nodeEnv: NodeEnv,
  dataDir: string,
): { jwtSecret: string; encryptionKey: string; generated: GeneratedSecretName[] } {
  const missing = GENERATED_SECRET_NAMES.filter((name) => parsed[name] === undefined);
  if (missing.length > 0 && nodeEnv === 'production') {
    throw new ConfigError(
      `Invalid environment: ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required when NODE_ENV=production`,
    );
  }
  const { values, generated } = ensureGeneratedSecrets(dataDir, missing);
  const jwtSecret = parsed.JWT_SECRET ?? values.JWT_SECRET;
  const encryptionKey = parsed.ENCRYPTION_KEY ?? values.ENCRYPTION_KEY;
  if (jwtSecret === undefined || encryptionKey === undefined) {
    throw new ConfigError('Invalid environment: secrets could not be generated');
  }
  return { jwtSecret, encryptionKey, generated };
}

/**
 * Parses the environment once. A bad value throws a {@link ConfigError} whose message is one
 * line naming the variable (`Invalid environment: PORT must be an integer between 0 and 65535`).
 * Outside production, missing JWT_SECRET/ENCRYPTION_KEY are generated once and kept in
 * `<dataDir>/secrets.json` (mode 0600).
 */
export function loadConfig(env: Environment = process.env, options: LoadConfigOptions = {}): Config {
  const result = envSchema.safeParse(pickDeclared(env));
  if (!result.success) throw new ConfigError(describeIssues(result.error.issues));
  const parsed = result.data;
  const dataDir = resolve(options.cwd ?? process.cwd(), parsed.STRATUM_DATA_DIR);
  const secrets = resolveSecrets(parsed, parsed.NODE_ENV, dataDir);
  return Object.freeze({
    port: parsed.PORT,
    host: parsed.HOST,
    mongodbUri: parsed.MONGODB_URI,
    redisUrl: parsed.REDIS_URL,
    dataDir,
    jwtSecret: secrets.jwtSecret,
    encryptionKey: secrets.encryptionKey,
    encryptionKeyPrevious: parsed.ENCRYPTION_KEY_PREVIOUS,
    logLevel: parsed.LOG_LEVEL,
    demoPassword: parsed.DEMO_PASSWORD,
    metricsToken: parsed.METRICS_TOKEN,
    trustProxy: parsed.TRUST_PROXY,
    nodeEnv: parsed.NODE_ENV,
    isProduction: parsed.NODE_ENV === 'production',
    egressAllow: Object.freeze([...parsed.STRATUM_EGRESS_ALLOW]),
    demoPortalPort:
      parsed.DEMO_PORTAL_PORT === 'off' || parsed.NODE_ENV === 'production'
        ? undefined
        : (parsed.DEMO_PORTAL_PORT ?? (parsed.PORT === 0 ? undefined : 8081)),
    generatedSecrets: Object.freeze(secrets.generated),
  });
}
