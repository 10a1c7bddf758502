import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError } from './config-error.js';

/** Secrets that may be generated on first start when the environment does not provide them. */
export const GENERATED_SECRET_NAMES = ['JWT_SECRET', 'ENCRYPTION_KEY'] as const;
export type GeneratedSecretName = (typeof GENERATED_SECRET_NAMES)[number];
export type SecretValues = Partial<Record<GeneratedSecretName, string>>;

const secretsFileSchema = z.object({
  JWT_SECRET: z.string().min(32).optional(),
  ENCRYPTION_KEY: z.string().min(32).optional(),
});

const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

export function secretsFilePath(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

function readSecretsFile(path: string): SecretValues | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`Cannot read secrets file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(
      `Secrets file ${path} is not valid JSON; fix or restore it (never delete it: encrypted data depends on it)`,
      { cause: error },
    );
  }
  const parsed = secretsFileSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(
      `Secrets file ${path} is malformed; fix or restore it (never delete it: encrypted data depends on it)`,
    );
  }
  return parsed.data;
}

function tightenMode(path: string): void {
  // A copied or restored file may have lost its mode; the secrets must stay owner-only.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, FILE_MODE);
}

function writeExclusive(path: string, values: SecretValues): boolean {
  try {
    writeFileSync(path, `${JSON.stringify(values, null, 2)}\n`, { mode: FILE_MODE, flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ConfigError(`Cannot write secrets file ${path}: ${(error as Error).message}`, { cause: error });
  }
}

function replaceAtomically(path: string, values: SecretValues): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(values, null, 2)}\n`, { mode: FILE_MODE });
  renameSync(temporary, path);
}

function generateSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Returns the stored values of `wanted`, generating and persisting the ones never generated
 * before. Existing values are never replaced: a new ENCRYPTION_KEY would orphan encrypted data.
 */
export function ensureGeneratedSecrets(
  dataDir: string,
  wanted: readonly GeneratedSecretName[],
): { values: SecretValues; generated: GeneratedSecretName[] } {
  if (wanted.length === 0) return { values: {}, generated: [] };
  const path = secretsFilePath(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  const existing = readSecretsFile(path);
  if (existing === undefined) {
    const fresh = Object.fromEntries(wanted.map((name) => [name, generateSecret()])) as SecretValues;
    // Another process starting at the same moment may win the race; then use its values.
    if (writeExclusive(path, fresh)) return { values: fresh, generated: [...wanted] };
  }
  const stored = existing ?? readSecretsFile(path) ?? {};
  tightenMode(path);
  const missing = wanted.filter((name) => stored[name] === undefined);
  if (missing.length === 0) return { values: stored, generated: [] };
  const completed = { ...stored, ...Object.fromEntries(missing.map((name) => [name, generateSecret()])) };
  replaceAtomically(path, completed);
  return { values: completed, generated: missing };
}
