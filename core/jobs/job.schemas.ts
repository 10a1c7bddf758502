import { z } from 'zod';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';
import { JOB_QUEUES, jobScheduleSchema } from '../plugin-api/index.js';
import { JOB_STATUSES } from './job-status.js';

/** `sync`, `ads-demo.sync`, `plugin:ads-demo:sync`. */
export const jobNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, 'must be 1–128 letters, digits, ".", "_", ":" or "-"');

export const MAX_JOB_DATA_BYTES = 64 * 1024;

/** Keys MongoDB would misread in a stored document (`$op`, `a.b`) or that poison prototypes. */
function findUnsafeKey(value: unknown, path: string[] = []): string | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnsafeKey(item, [...path, String(index)]);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$') || key.includes('.') || key === '__proto__' || key === '')
      return [...path, key].join('/');
    const found = findUnsafeKey(child, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A job's payload: a JSON object naming its tenant; what the handler receives as `data`. */
export const jobDataSchema = z
  .object({ tenantId: z.string().trim().min(1).max(64) })
  .catchall(z.json())
  .superRefine((data, context) => {
    const unsafe = findUnsafeKey(data);
    if (unsafe !== undefined)
      context.addIssue({ code: 'custom', message: `key "${unsafe}" may not start with $ or contain "."` });
    if (Buffer.byteLength(JSON.stringify(data)) > MAX_JOB_DATA_BYTES)
      context.addIssue({ code: 'custom', message: `must serialise to at most ${MAX_JOB_DATA_BYTES} bytes` });
  });

const uniqueKeySchema = z.string().min(1).max(200);

export const enqueueOptionsSchema = z.strictObject({
  runAt: z
    .date()
    .refine((date) => !Number.isNaN(date.getTime()), 'must be a valid date')
    .optional(),
  uniqueKey: uniqueKeySchema.optional(),
});
export type EnqueueOptions = z.input<typeof enqueueOptionsSchema>;

export const scheduleInputSchema = z.strictObject({
  name: jobNameSchema,
  schedule: jobScheduleSchema,
  data: jobDataSchema,
  uniqueKey: uniqueKeySchema,
});

export const cancelCriteriaSchema = z
  .strictObject({
    name: jobNameSchema.optional(),
    uniqueKey: uniqueKeySchema.optional(),
    tenantId: z.string().trim().min(1).max(64).optional(),
  })
  .refine(
    (criteria) => Object.values(criteria).some((value) => value !== undefined),
    'needs at least one of name, uniqueKey, tenantId',
  );
export type CancelCriteria = z.input<typeof cancelCriteriaSchema>;

export const listJobsInputSchema = z.strictObject({
  tenantId: z.string().trim().min(1).max(64),
  status: z.enum(JOB_STATUSES).optional(),
  ...pageQueryShape,
});
export type ListJobsInput = z.input<typeof listJobsInputSchema>;

type AnyFunction = (...args: never[]) => unknown;
const functionSchema = z.custom<AnyFunction>((value) => typeof value === 'function', 'must be a function');

export const jobDefinitionSchema = z.strictObject({
  name: jobNameSchema,
  queue: z.enum(JOB_QUEUES),
  handler: functionSchema,
  maxAttempts: z.number().int().min(1).max(100).optional(),
  timeoutMs: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3_600_000)
    .optional(),
  lockLifetimeMs: z
    .number()
    .int()
    .min(500)
    .max(24 * 3_600_000)
    .optional(),
  isRetryable: functionSchema.optional(),
});

// HTTP

export const listJobsQuerySchema = z.strictObject({
  status: z.enum(JOB_STATUSES).optional(),
  ...pageQueryShape,
});
export const jobIdParamsSchema = z.strictObject({ id: objectIdSchema });

export const jobSummaryResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    queue: z.enum(JOB_QUEUES),
    status: z.enum(JOB_STATUSES),
    attempt: z.number().int().min(0),
    maxAttempts: z.number().int().min(1),
    lastRunAt: z.iso.datetime().nullable(),
    nextRunAt: z.iso.datetime().nullable(),
    failedAt: z.iso.datetime().nullable(),
    failReason: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'JobSummary' });

export const jobListResponseSchema = z.object({
  data: z.array(jobSummaryResponseSchema),
  nextCursor: z.string().nullable(),
});
