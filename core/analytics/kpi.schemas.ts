/**
 * HTTP shapes of the KPI API. Query strings carry lists comma-separated (`metrics=spend,roas`);
 * they are split here and then validated by the service's own query schema, so a bad value is a
 * 400 naming the same field whichever way it arrived.
 */
import { z } from 'zod';
import { objectIdSchema } from '../audit/paging.js';
import { campaignListInputSchema } from './campaign-list.js';
import type { CampaignListInput } from './campaign-list.js';
import { KPI_METRICS } from './kpi-metrics.js';
import { kpiQueryInputSchema } from './kpi-query.js';
import type { KpiQueryInput } from './kpi-query.js';

const list = z
  .string()
  .max(20_000)
  .transform((value) =>
    value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );
const limit = z
  .string()
  .regex(/^\d{1,6}$/, 'must be a whole number')
  .transform(Number);

const periodShape = {
  range: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
  compare: z.string().optional(),
  metrics: list.optional(),
};
const filterShape = {
  platforms: list.optional(),
  accountIds: list.optional(),
  campaignIds: list.optional(),
};

/**
 * Drops absent keys so the service schema sees only what the caller sent. The strings are
 * checked by the schema piped after this, hence the unchecked result type.
 */
function defined<TOut>(value: Readonly<Record<string, unknown>>): TOut {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as TOut;
}
const asKpiQuery = (value: Readonly<Record<string, unknown>>) => defined<KpiQueryInput>(value);
const asCampaignList = (value: Readonly<Record<string, unknown>>) => defined<CampaignListInput>(value);

export const totalsQuerySchema = z
  .strictObject({ ...periodShape, ...filterShape })
  .transform(asKpiQuery)
  .pipe(kpiQueryInputSchema);

export const timeseriesQuerySchema = z
  .strictObject({ ...periodShape, ...filterShape, groupBy: z.enum(['day', 'week', 'month']).default('day') })
  .transform(asKpiQuery)
  .pipe(kpiQueryInputSchema);

export const breakdownQuerySchema = z
  .strictObject({
    ...periodShape,
    ...filterShape,
    groupBy: z.enum(['platform', 'account', 'campaign']).default('platform'),
    sort: z.string().optional(),
    limit: limit.optional(),
  })
  .transform(asKpiQuery)
  .pipe(kpiQueryInputSchema);

export const exportQuerySchema = z
  .strictObject({
    ...periodShape,
    ...filterShape,
    format: z.literal('csv'),
    groupBy: z.enum(['none', 'day', 'week', 'month', 'platform', 'account', 'campaign']).default('day'),
    sort: z.string().optional(),
  })
  .transform(({ format: _format, ...rest }) => asKpiQuery(rest))
  .pipe(kpiQueryInputSchema);

export const campaignListQuerySchema = z
  .strictObject({
    ...periodShape,
    platforms: list.optional(),
    accountIds: list.optional(),
    statuses: list.optional(),
    sort: z.string().optional(),
    limit: limit.optional(),
    cursor: z.string().optional(),
  })
  .transform(asCampaignList)
  .pipe(campaignListInputSchema);

export const campaignDetailQuerySchema = z
  .strictObject({ ...periodShape })
  .transform(asKpiQuery)
  .pipe(kpiQueryInputSchema);

export const platformsQuerySchema = z
  .strictObject({ ...periodShape })
  .transform(asKpiQuery)
  .pipe(kpiQueryInputSchema);

export const campaignIdParamsSchema = z.strictObject({ id: objectIdSchema });

// ---- responses ----

/** Answers are built readonly; their schemas accept that. */
const readonlyArray = <T extends z.ZodType>(item: T) => z.array(item).readonly();

const values = z.partialRecord(z.enum(KPI_METRICS), z.number().nullable());
const changes = z.partialRecord(
  z.enum(KPI_METRICS),
  z.object({ absolute: z.number().nullable(), percent: z.number().nullable() }),
);
const day = z.string();

const metaSchema = z
  .object({
    currency: z.string(),
    timezone: z.string(),
    platforms: readonlyArray(
      z.object({
        platform: z.string(),
        lastSuccessfulSyncAt: z.string().nullable(),
        lastSyncAt: z.string().nullable(),
        lastSyncStatus: z.string().nullable(),
        lateDataWindowDays: z.number().int(),
        lastSettledDay: day,
        attribution: z.object({ clickThroughDays: z.number(), viewThroughDays: z.number() }).nullable(),
      }),
    ),
    accountTimezones: readonlyArray(
      z.object({ platform: z.string(), accountId: z.string(), timezone: z.string() }),
    ),
    days: readonlyArray(z.object({ date: day, settled: z.boolean() })),
    fx: z.object({
      unpricedRows: z.number().int(),
      missing: readonlyArray(z.object({ currency: z.string(), date: day })),
    }),
  })
  .meta({ id: 'KpiAnswerMeta' });

const rowSchema = z.object({
  key: z.string(),
  label: z.string(),
  from: day.optional(),
  to: day.optional(),
  platform: z.string().optional(),
  accountId: z.string().optional(),
  campaign: z
    .object({
      id: z.string().nullable(),
      externalId: z.string(),
      name: z.string().nullable(),
      status: z.string().nullable(),
    })
    .optional(),
  values,
  dataRows: z.number().int(),
  previous: values.optional(),
  change: changes.optional(),
});

const answerShape = {
  from: day,
  to: day,
  range: z.string().nullable(),
  groupBy: z.string(),
  metrics: readonlyArray(z.enum(KPI_METRICS)),
  currency: z.string(),
  timezone: z.string(),
  totals: values,
  comparison: z.object({ mode: z.string(), from: day, to: day, totals: values, change: changes }).nullable(),
  rows: readonlyArray(rowSchema),
  rowCount: z.number().int(),
  meta: metaSchema,
};

export const kpiAnswerSchema = z.object(answerShape).meta({ id: 'KpiAnswer' });

export const campaignSchema = z.object({
  id: z.string(),
  platform: z.string(),
  accountId: z.string(),
  externalId: z.string(),
  name: z.string(),
  status: z.string(),
  objective: z.string(),
  dailyBudgetCents: z.number().int().nullable(),
  currency: z.string(),
});

export const campaignDetailSchema = z
  .object({ ...answerShape, campaign: campaignSchema })
  .meta({ id: 'CampaignKpis' });

export const campaignPageSchema = z
  .object({
    from: day,
    to: day,
    range: z.string().nullable(),
    currency: z.string(),
    timezone: z.string(),
    metrics: readonlyArray(z.enum(KPI_METRICS)),
    data: readonlyArray(
      z.object({
        id: z.string().nullable(),
        platform: z.string(),
        accountId: z.string().nullable(),
        externalId: z.string(),
        name: z.string().nullable(),
        status: z.string().nullable(),
        objective: z.string().nullable(),
        dailyBudgetCents: z.number().int().nullable(),
        budgetCurrency: z.string().nullable(),
        values,
        previous: values.optional(),
        change: changes.optional(),
      }),
    ),
    nextCursor: z.string().nullable(),
    totalCount: z.number().int(),
    meta: metaSchema,
  })
  .meta({ id: 'CampaignKpiPage' });

export const csvResponseSchema = z.string().describe('text/csv; header row, one line per row of the answer');
