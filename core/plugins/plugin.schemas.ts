import { z } from 'zod';
import {
  JOB_QUEUES,
  PLUGIN_KINDS,
  PLUGIN_PERMISSIONS,
  calendarDaySchema,
  isCalendarDay,
} from '../plugin-api/index.js';
import { INSTALLATION_STATUSES } from './installation.model.js';

export const MAX_SYNC_SPAN_DAYS = 800;

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

export const pluginIdParamsSchema = z.strictObject({ id: z.string().min(1).max(64) });

/** A config write: the whole non-secret config; secret fields omitted (kept), a string (replaced) or null (cleared). */
export const pluginConfigInputSchema = z.record(z.string().max(100), z.unknown());
export type PluginConfigInput = z.output<typeof pluginConfigInputSchema>;

export const installPluginInputSchema = z
  .strictObject({ config: pluginConfigInputSchema.optional() })
  .optional();
export type InstallPluginInput = z.output<typeof installPluginInputSchema>;

export const uninstallQuerySchema = z.strictObject({
  purge: z
    .enum(['true', 'false'])
    .optional()
    .transform((value) => value === 'true'),
});

/** Inclusive calendar days (tenant time zone); both or neither; at most 800 days. */
export const syncInputSchema = z
  .strictObject({ from: calendarDaySchema.optional(), to: calendarDaySchema.optional() })
  .superRefine((range, issues) => {
    if ((range.from === undefined) !== (range.to === undefined)) {
      issues.addIssue({
        code: 'custom',
        path: [range.from === undefined ? 'from' : 'to'],
        message: 'Give both "from" and "to", or neither',
      });
      return;
    }
    if (range.from === undefined || range.to === undefined) return;
    if (!isCalendarDay(range.from) || !isCalendarDay(range.to)) return;
    if (range.from > range.to)
      issues.addIssue({ code: 'custom', path: ['from'], message: '"from" must not be after "to"' });
    else if (dayNumber(range.to) - dayNumber(range.from) + 1 > MAX_SYNC_SPAN_DAYS)
      issues.addIssue({
        code: 'custom',
        path: ['to'],
        message: `A sync spans at most ${MAX_SYNC_SPAN_DAYS} days`,
      });
  });
export type SyncInput = z.output<typeof syncInputSchema>;

const actorSchema = z.object({ type: z.string(), id: z.string() }).nullable();

const historyEntryResponseSchema = z.object({
  at: z.iso.datetime(),
  action: z.string(),
  from: z.enum(INSTALLATION_STATUSES).nullable(),
  to: z.enum(INSTALLATION_STATUSES),
  actor: actorSchema,
  message: z.string().nullable(),
});

const healthResultShape = {
  status: z.enum(['ok', 'degraded', 'auth_error', 'error']),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
};

const lastCheckResponseSchema = z.object({
  ...healthResultShape,
  at: z.iso.datetime(),
  durationMs: z.number(),
  configVersion: z.number().int(),
});

const lastSyncResponseSchema = z.object({
  runId: z.string(),
  status: z.string(),
  at: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
});

const apiVersionResponseSchema = z
  .object({
    version: z.string(),
    sunsetDate: z.string().nullable().describe('Day the vendor retires this version; null when unpublished'),
    daysLeft: z.number().int().nullable().describe('Whole days until the sunset (negative once past)'),
  })
  .meta({ id: 'PluginApiVersion' });

export const installationResponseSchema = z
  .object({
    id: z.string(),
    pluginId: z.string(),
    version: z.string(),
    enabled: z.boolean(),
    status: z.enum(INSTALLATION_STATUSES),
    statusMessage: z.string().nullable(),
    config: z.record(z.string(), z.unknown()).describe('Non-secret fields only'),
    secrets: z
      .record(z.string(), z.object({ set: z.boolean() }))
      .describe('Write-only fields: only whether each is set'),
    configVersion: z.number().int(),
    lastCheck: lastCheckResponseSchema.nullable(),
    lastSync: lastSyncResponseSchema.nullable(),
    consecutiveFailures: z.number().int(),
    apiVersion: apiVersionResponseSchema
      .nullable()
      .describe('The API version this installation speaks (a config may pin another than the catalog)'),
    tokenExpiresInDays: z
      .number()
      .int()
      .nullable()
      .describe('Days left on the access token per the last check; null when not reported'),
    history: z.array(historyEntryResponseSchema),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'PluginInstallation' });

const scheduleResponseSchema = z.union([
  z.object({ cron: z.string(), queue: z.enum(JOB_QUEUES).optional() }),
  z.object({ everyMs: z.number(), queue: z.enum(JOB_QUEUES).optional() }),
]);

const pluginSummaryShape = {
  id: z.string(),
  name: z.string(),
  version: z.string(),
  kind: z.enum(PLUGIN_KINDS),
  description: z.string(),
  permissions: z.array(z.enum(PLUGIN_PERMISSIONS)),
  secretFields: z.array(z.string()),
  schedules: z.record(z.string(), scheduleResponseSchema),
  apiVersion: apiVersionResponseSchema.nullable(),
  installation: installationResponseSchema.nullable(),
};

export const pluginSummaryResponseSchema = z.object(pluginSummaryShape).meta({ id: 'PluginSummary' });

export const pluginDetailResponseSchema = z
  .object({
    ...pluginSummaryShape,
    configSchema: z
      .record(z.string(), z.unknown())
      .describe('JSON Schema of the config (secret fields writeOnly)'),
  })
  .meta({ id: 'PluginDetail' });

export const pluginListResponseSchema = z.object({
  data: z.array(pluginSummaryResponseSchema),
  nextCursor: z.null(),
});

/** The HealthResult itself, plus the installation as the check left it. */
export const checkResponseSchema = z
  .object({ ...healthResultShape, installation: installationResponseSchema })
  .meta({ id: 'PluginCheckResult' });

export const syncStartedResponseSchema = z.object({ runId: z.string() });
