/**
 * Field names whose values never reach a log line: credentials, tokens, keys, and personal data
 * (email, phone). Matched case-insensitively by exact key name at any depth up to
 * {@link MAX_REDACTION_DEPTH}, which covers `req.headers.authorization` and `{ user: { email } }`.
 */
export const REDACTED_KEYS = [
  'password',
  'passwordHash',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'idToken',
  'access_token',
  'refresh_token',
  'id_token',
  'tokenHash',
  'keyHash',
  'apiKey',
  'api_key',
  'x-api-key',
  'secret',
  'clientSecret',
  'client_secret',
  'jwtSecret',
  'encryptionKey',
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'email',
  'phone',
  'phoneNumber',
] as const;

export const REDACTION_CENSOR = '[REDACTED]';
export const MAX_REDACTION_DEPTH = 6;

const REDACTED = new Set<string>([...REDACTED_KEYS, ...REDACTED_KEYS.map((key) => key.toLowerCase())]);

function isWalkable(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function redactArray(values: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < values.length; index += 1) {
    const value = values[index];
    const redacted = isWalkable(value) ? redactValue(value, depth + 1) : value;
    if (redacted !== value) {
      copy ??= values.slice();
      copy[index] = redacted;
    }
  }
  return copy ?? values;
}

function redactRecord(record: Record<string, unknown>, depth: number): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const value = record[key];
    let replacement = value;
    if (REDACTED.has(key) || REDACTED.has(key.toLowerCase())) replacement = REDACTION_CENSOR;
    else if (isWalkable(value)) replacement = redactValue(value, depth + 1);
    if (replacement !== value) {
      copy ??= { ...record };
      copy[key] = replacement;
    }
  }
  return copy ?? record;
}

function redactValue<T extends Record<string, unknown> | unknown[]>(value: T, depth: number): T {
  if (depth > MAX_REDACTION_DEPTH) return value;
  return (Array.isArray(value) ? redactArray(value, depth) : redactRecord(value, depth)) as T;
}

/**
 * Returns `value` with sensitive fields replaced by {@link REDACTION_CENSOR}. Copy-on-write:
 * the input is never mutated and is returned as is when nothing needed hiding, so the common
 * case allocates nothing. Only plain objects and arrays are walked (errors go through pino's
 * serializer, whose output is plain and walked on its own).
 */
export function redactSensitive<T extends Record<string, unknown>>(value: T): T {
  return redactValue(value, 0);
}

const SENSITIVE_QUERY =
  /([?&](?:token|access_token|refresh_token|id_token|api_key|apikey|key|password|email|phone|code|signature|sig)=)[^&#]*/gi;

/** Masks credential-like query parameters of a URL before it is logged. */
export function redactUrl(url: string): string {
  return url.includes('?') ? url.replace(SENSITIVE_QUERY, `$1${REDACTION_CENSOR}`) : url;
}
