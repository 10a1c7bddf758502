/**
 * zod schemas of every bus event, used where events cross a process boundary (Redis pub/sub):
 * what arrives is parsed, never trusted. Each payload schema is checked against `HostEventMap`
 * at compile time, so the types and the schemas cannot drift apart.
 */
import { z } from 'zod';
import { InputError } from '../errors/errors.js';
import type { JsonObject } from '../plugin-api/index.js';
import { HOST_EVENT_NAMES } from './event-bus.js';
import type { BusEvent, HostEventMap, HostEventName } from './event-bus.js';
import { EVENT_ID_PATTERN } from './event-ids.js';

const jsonValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.array(jsonValueSchema),
    z.record(z.string(), jsonValueSchema),
  ]),
);
const jsonObjectSchema = z.record(z.string(), jsonValueSchema) as unknown as z.ZodType<JsonObject>;

const nonNegativeInt = z.number().int().nonnegative();

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a calendar day YYYY-MM-DD');

export const EVENT_PAYLOAD_SCHEMAS = {
  'sync.completed': z.object({
    pluginId: z.string(),
    runId: z.string(),
    rows: nonNegativeInt,
    from: z.string(),
    to: z.string(),
  }),
  'sync.progress': z.object({
    runId: z.string(),
    pluginId: z.string(),
    phase: z.enum(['accounts', 'campaigns', 'metrics', 'done', 'failed']),
    rows: nonNegativeInt,
    apiCalls: nonNegativeInt,
    fraction: z.number().min(0).max(1).nullable(),
  }),
  'kpis.changed': z.object({
    dataVersion: z.number().int(),
    from: calendarDay.optional(),
    to: calendarDay.optional(),
    platforms: z.array(z.string().min(1).max(64)).max(50).optional(),
  }),
  'rule.fired': z.object({ ruleId: z.string(), campaignExternalId: z.string(), action: z.string() }),
  'alert.raised': z.object({
    severity: z.enum(['info', 'warning', 'critical']),
    title: z.string(),
    details: jsonObjectSchema.optional(),
  }),
  'plugin.status': z.object({ pluginId: z.string(), status: z.string(), message: z.string() }),
} as const satisfies { readonly [TName in HostEventName]: z.ZodType<HostEventMap[TName]> };

const envelopeSchema = z.object({
  id: z.string().regex(EVENT_ID_PATTERN),
  name: z.enum(HOST_EVENT_NAMES),
  tenantId: z.string().min(1).max(128),
  at: z.iso.datetime(),
  payload: z.unknown(),
});

export type BusEventParseResult =
  { readonly ok: true; readonly event: BusEvent } | { readonly ok: false; readonly reason: string };

/** Parses one event received from outside the process (a JSON text or an already decoded value). */
export function parseBusEvent(input: unknown): BusEventParseResult {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input) as unknown;
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
  }
  const envelope = envelopeSchema.safeParse(value);
  if (!envelope.success) return { ok: false, reason: z.prettifyError(envelope.error) };
  const payload = EVENT_PAYLOAD_SCHEMAS[envelope.data.name].safeParse(envelope.data.payload);
  if (!payload.success) return { ok: false, reason: z.prettifyError(payload.error) };
  return { ok: true, event: { ...envelope.data, payload: payload.data } as BusEvent };
}

/** The event a publisher asked for, checked like a received one; InputError names the bad fields. */
export function assertPublishable<TName extends HostEventName>(event: BusEvent<TName>): BusEvent<TName> {
  const tenant = envelopeSchema.shape.tenantId.safeParse(event.tenantId);
  if (!tenant.success)
    throw new InputError('Event tenantId must be a non-empty string', { code: 'EVENT_INVALID' });
  const schema: z.ZodType<unknown> = EVENT_PAYLOAD_SCHEMAS[event.name];
  const payload = schema.safeParse(event.payload);
  if (!payload.success) {
    throw new InputError(`Invalid payload of event ${event.name}`, {
      code: 'EVENT_INVALID',
      details: payload.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  return { ...event, payload: payload.data as BusEvent<TName>['payload'] };
}
