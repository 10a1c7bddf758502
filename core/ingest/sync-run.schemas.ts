import { z } from 'zod';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';
import { SYNC_PHASES, SYNC_RUN_STATUSES, SYNC_TRIGGERS } from './sync-run.model.js';

export const listSyncRunsQuerySchema = z.strictObject({
  ...pageQueryShape,
  installationId: objectIdSchema.optional(),
  status: z.enum(SYNC_RUN_STATUSES).optional(),
});
export type ListSyncRunsQuery = z.output<typeof listSyncRunsQuerySchema>;

/** Any string: an id that is not an ObjectId is simply not found (404), never a 400 or a 500. */
export const syncRunIdParamsSchema = z.strictObject({ id: z.string() });

const dayRangeSchema = z.object({ from: z.iso.date(), to: z.iso.date() });

export const syncRunErrorResponseSchema = z.object({
  at: z.iso.datetime(),
  code: z.string(),
  message: z.string(),
  phase: z.enum(SYNC_PHASES),
  accountExternalId: z.string().optional(),
});

export const syncRunResponseSchema = z
  .object({
    id: z.string(),
    installationId: z.string(),
    pluginId: z.string(),
    trigger: z.enum(SYNC_TRIGGERS),
    range: dayRangeSchema.nullable(),
    status: z.enum(SYNC_RUN_STATUSES),
    attempt: z.number().int(),
    queuedAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    durationMs: z.number().int().nullable(),
    apiCalls: z.number().int(),
    rows: z.object({ accounts: z.number().int(), campaigns: z.number().int(), metrics: z.number().int() }),
    invalidRows: z.number().int(),
    errors: z.array(syncRunErrorResponseSchema),
    progress: z.object({ phase: z.enum(SYNC_PHASES), fraction: z.number().nullable() }),
    requestedBy: z.object({ type: z.string(), id: z.string() }).nullable(),
  })
  .meta({ id: 'SyncRun' });

export const syncRunListResponseSchema = z.object({
  data: z.array(syncRunResponseSchema),
  nextCursor: z.string().nullable(),
});
