/**
 * The one KPI query model every reader uses (HTTP, chat, CLI, rules, plugins): validated here,
 * then normalised (presets resolved, lists sorted, defaults filled) so equal questions share
 * one cache entry.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { calendarDaySchema } from '../plugin-api/index.js';
import { spanLength } from './calendar-days.js';
import type { DaySpan } from './calendar-days.js';
import { COMPARE_MODES, DATE_PRESETS, resolvePreset } from './date-presets.js';
import type { CompareMode, DatePreset } from './date-presets.js';
import { KPI_METRICS } from './kpi-metrics.js';
import type { KpiMetric } from './kpi-metrics.js';

export const KPI_GROUP_BYS = ['none', 'day', 'week', 'month', 'platform', 'account', 'campaign'] as const;
export type KpiGroupBy = (typeof KPI_GROUP_BYS)[number];

/** Groupings whose rows are periods of time (dense: every period of the range has a row). */
export const TIME_GROUP_BYS: ReadonlySet<KpiGroupBy> = new Set(['day', 'week', 'month']);

/** Longest range one query may read: a little over three years. */
export const MAX_RANGE_DAYS = 1_100;
export const MAX_KPI_LIMIT = 1_000;

const idSchema = z.string().trim().min(1).max(200);
const idListSchema = (max: number) => z.array(idSchema).max(max);

const sortKeys = [...KPI_METRICS, 'key'] as const;
/** `spend` (ascending) or `-spend` (descending); `key` sorts by the group's key. */
export const kpiSortSchema = z
  .string()
  .regex(/^-?[a-z]+$/, 'must be a metric or "key", optionally prefixed with "-"')
  .refine((value) => (sortKeys as readonly string[]).includes(value.replace(/^-/, '')), {
    message: `must be one of ${sortKeys.join(', ')} (optionally prefixed with "-")`,
  });

export const kpiQueryInputSchema = z
  .strictObject({
    range: z.enum(DATE_PRESETS).optional(),
    from: calendarDaySchema.optional(),
    to: calendarDaySchema.optional(),
    platforms: idListSchema(20).optional(),
    accountIds: idListSchema(500).optional(),
    campaignIds: idListSchema(1_000).optional(),
    metrics: z.array(z.enum(KPI_METRICS)).min(1).optional(),
    groupBy: z.enum(KPI_GROUP_BYS).default('none'),
    compare: z.enum(COMPARE_MODES).default('none'),
    sort: kpiSortSchema.optional(),
    limit: z.number().int().min(1).max(MAX_KPI_LIMIT).optional(),
  })
  .superRefine((query, context) => {
    const hasDays = query.from !== undefined || query.to !== undefined;
    if (query.range !== undefined && hasDays) {
      context.addIssue({
        code: 'custom',
        path: ['range'],
        message: 'give either range or from/to, not both',
      });
      return;
    }
    if (query.range !== undefined) return;
    if (query.from === undefined)
      context.addIssue({ code: 'custom', path: ['from'], message: 'is required unless range is given' });
    if (query.to === undefined)
      context.addIssue({ code: 'custom', path: ['to'], message: 'is required unless range is given' });
    if (query.from === undefined || query.to === undefined) return;
    if (query.from > query.to)
      context.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    else if (spanLength({ from: query.from, to: query.to }) > MAX_RANGE_DAYS)
      context.addIssue({
        code: 'custom',
        path: ['to'],
        message: `a range spans at most ${MAX_RANGE_DAYS} days`,
      });
  });
export type KpiQueryInput = z.input<typeof kpiQueryInputSchema>;
type ParsedKpiQuery = z.output<typeof kpiQueryInputSchema>;

export interface KpiSort {
  readonly by: KpiMetric | 'key';
  readonly direction: 'asc' | 'desc';
}

/** A query with every choice made: what the service computes and caches by. */
export interface NormalisedKpiQuery extends DaySpan {
  readonly range: DatePreset | null;
  readonly platforms: readonly string[];
  readonly accountIds: readonly string[];
  readonly campaignIds: readonly string[];
  readonly metrics: readonly KpiMetric[];
  readonly groupBy: KpiGroupBy;
  readonly compare: CompareMode;
  readonly sort: KpiSort;
  readonly limit: number | null;
}

const uniqueSorted = (values: readonly string[] | undefined): string[] => [...new Set(values ?? [])].sort();

function defaultSort(groupBy: KpiGroupBy, metrics: readonly KpiMetric[]): KpiSort {
  if (groupBy === 'none' || TIME_GROUP_BYS.has(groupBy)) return { by: 'key', direction: 'asc' };
  return { by: metrics.includes('spend') ? 'spend' : (metrics[0] ?? 'spend'), direction: 'desc' };
}

function sortOf(value: string | undefined, groupBy: KpiGroupBy, metrics: readonly KpiMetric[]): KpiSort {
  if (value === undefined) return defaultSort(groupBy, metrics);
  const descending = value.startsWith('-');
  return { by: value.replace(/^-/, '') as KpiMetric | 'key', direction: descending ? 'desc' : 'asc' };
}

/** Fills defaults and resolves a preset with the tenant's zone at `now`. */
export function normaliseKpiQuery(query: ParsedKpiQuery, now: Date, timeZone: string): NormalisedKpiQuery {
  const span =
    query.range === undefined
      ? { from: query.from as string, to: query.to as string }
      : resolvePreset(query.range, now, timeZone);
  const asked = new Set(query.metrics ?? KPI_METRICS);
  const metrics = KPI_METRICS.filter((metric) => asked.has(metric));
  return {
    ...span,
    range: query.range ?? null,
    platforms: uniqueSorted(query.platforms),
    accountIds: uniqueSorted(query.accountIds),
    campaignIds: uniqueSorted(query.campaignIds),
    metrics,
    groupBy: query.groupBy,
    compare: query.compare,
    sort: sortOf(query.sort, query.groupBy, metrics),
    limit: query.limit ?? null,
  };
}

/** A short stable cache key of a normalised query plus whatever else shapes the answer. */
export function kpiCacheKey(kind: string, parts: unknown): string {
  const digest = createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);
  return `kpis:${kind}:${digest}`;
}
