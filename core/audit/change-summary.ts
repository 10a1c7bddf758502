import type { AuditChanges, AuditFieldChange, AuditScalar } from './audit-event.js';

// Names that must never carry a value into the trail, whatever a caller passes.
const SECRET_NAME = /pass(word)?|token|secret|hash|^key$|apikey|cipher|encrypted/i;
const MAX_VALUE_CHARS = 200;

function toScalar(value: unknown): AuditScalar {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}…` : text;
}

/**
 * The summary of what changed between two versions of a record, field by field. Fields named
 * in `personal` (phone) and any secret-looking field are recorded only as "changed".
 */
export function summarizeChanges<T extends object>(
  before: T | undefined,
  after: T,
  fields: readonly (keyof T & string)[],
  personal: readonly (keyof T & string)[] = [],
): AuditChanges {
  const changes: Record<string, AuditFieldChange> = {};
  for (const field of fields) {
    const from = before === undefined ? undefined : toScalar(before[field]);
    const to = toScalar(after[field]);
    if (before !== undefined && JSON.stringify(from) === JSON.stringify(to)) continue;
    if (personal.includes(field) || SECRET_NAME.test(field)) changes[field] = { redacted: true };
    else changes[field] = before === undefined ? { to } : { from, to };
  }
  return changes;
}

/** Last line of defence: whatever a caller built, secret-looking fields keep no value. */
export function sanitizeChanges(changes: AuditChanges | undefined): AuditChanges {
  const safe: Record<string, AuditFieldChange> = {};
  for (const [field, change] of Object.entries(changes ?? {})) {
    if (SECRET_NAME.test(field) || 'redacted' in change) {
      safe[field] = { redacted: true };
      continue;
    }
    safe[field] = {
      ...(change.from === undefined ? {} : { from: toScalar(change.from) }),
      ...(change.to === undefined ? {} : { to: toScalar(change.to) }),
    };
  }
  return safe;
}
