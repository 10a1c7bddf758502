/**
 * Turns the sums of one aggregation into an answer: totals, comparison deltas, rows (dense
 * periods for time groupings), sorting and the per-day settled flags. Pure: no I/O.
 */
import { daysOf, monthEndOf, monthStartOf, weekStartOf, addDays } from './calendar-days.js';
import type { DaySpan } from './calendar-days.js';
import { alignComparisonDay, comparisonSpan } from './date-presets.js';
import type { CompareMode, DatePreset } from './date-presets.js';
import type { DataContext, PlatformContext } from './kpi-data-context.js';
import { addSums, changeBetween, kpisFromSums, pickMetrics, ZERO_SUMS } from './kpi-metrics.js';
import type { KpiMetric, KpiValues, MetricChange, MetricSums } from './kpi-metrics.js';
import type { KpiGroupBy, NormalisedKpiQuery } from './kpi-query.js';
import { TIME_GROUP_BYS } from './kpi-query.js';
import type { SumsKey, SumsResult, UnpricedDay } from './kpi.repository.js';
import { lastSettledDay } from './late-data-windows.js';

/** Code-unit order: deterministic and cheap (keys are ids and ISO days, not prose). */
export function compareOrdinal(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

export type MetricValues = Partial<KpiValues>;
export type MetricChanges = Partial<Record<KpiMetric, MetricChange>>;

export interface KpiRowCampaign {
  /** The `campaigns` document id; `null` when the campaign is not (or no longer) stored. */
  readonly id: string | null;
  readonly externalId: string;
  readonly name: string | null;
  readonly status: string | null;
}

export interface KpiRow {
  /** Stable within the grouping: the period's first day, `platform`, `platform:accountId`, `platform:campaignId`. */
  readonly key: string;
  readonly label: string;
  /** Time groupings: the days of the range the period covers. */
  readonly from?: string;
  readonly to?: string;
  readonly platform?: string;
  readonly accountId?: string;
  readonly campaign?: KpiRowCampaign;
  readonly values: MetricValues;
  /** Daily metric rows summed into `values`: 0 tells "no data" from "zero". */
  readonly dataRows: number;
  /** With a comparison: the aligned comparison period's values and the change against them. */
  readonly previous?: MetricValues;
  readonly change?: MetricChanges;
}

export interface KpiComparison extends DaySpan {
  readonly mode: Exclude<CompareMode, 'none'>;
  readonly totals: MetricValues;
  readonly change: MetricChanges;
}

export interface PlatformFreshness {
  readonly platform: string;
  readonly lastSuccessfulSyncAt: string | null;
  readonly lastSyncAt: string | null;
  readonly lastSyncStatus: string | null;
  readonly lateDataWindowDays: number;
  readonly lastSettledDay: string;
  readonly attribution: PlatformContext['attribution'];
}

export interface KpiAnswerMeta {
  readonly currency: string;
  readonly timezone: string;
  readonly platforms: readonly PlatformFreshness[];
  /** Accounts whose days are counted in another zone than the tenant's (their own days are reported as is). */
  readonly accountTimezones: readonly {
    readonly platform: string;
    readonly accountId: string;
    readonly timezone: string;
  }[];
  readonly days: readonly { readonly date: string; readonly settled: boolean }[];
  readonly fx: {
    /** Rows without an FX rate: excluded from money sums (their events still count). */
    readonly unpricedRows: number;
    readonly missing: readonly UnpricedDay[];
  };
}

export interface KpiAnswer extends DaySpan {
  readonly range: DatePreset | null;
  readonly groupBy: KpiGroupBy;
  readonly metrics: readonly KpiMetric[];
  readonly currency: string;
  readonly timezone: string;
  readonly totals: MetricValues;
  readonly comparison: KpiComparison | null;
  readonly rows: readonly KpiRow[];
  /** Rows before `limit`. */
  readonly rowCount: number;
  readonly meta: KpiAnswerMeta;
}

interface Accumulated {
  readonly key: string;
  readonly base: Omit<KpiRow, 'values' | 'previous' | 'change' | 'dataRows'>;
  current: MetricSums;
  previous: MetricSums;
}

function bucketStart(day: string, groupBy: KpiGroupBy): string {
  if (groupBy === 'week') return weekStartOf(day);
  if (groupBy === 'month') return monthStartOf(day);
  return day;
}

function bucketEnd(start: string, groupBy: KpiGroupBy): string {
  if (groupBy === 'week') return addDays(start, 6);
  if (groupBy === 'month') return monthEndOf(start);
  return start;
}

function timeBuckets(query: NormalisedKpiQuery): Map<string, Accumulated> {
  const buckets = new Map<string, Accumulated>();
  for (const day of daysOf(query)) {
    const start = bucketStart(day, query.groupBy);
    if (buckets.has(start)) continue;
    const end = bucketEnd(start, query.groupBy);
    buckets.set(start, {
      key: start,
      base: {
        key: start,
        label: start,
        from: start < query.from ? query.from : start,
        to: end > query.to ? query.to : end,
      },
      current: ZERO_SUMS,
      previous: ZERO_SUMS,
    });
  }
  return buckets;
}

function categoryOf(key: SumsKey, groupBy: KpiGroupBy, context: DataContext): Accumulated {
  const platform = key.platform ?? '';
  const empty = { current: ZERO_SUMS, previous: ZERO_SUMS };
  if (groupBy === 'platform')
    return { key: platform, base: { key: platform, label: platform, platform }, ...empty };
  if (groupBy === 'account') {
    const accountId = key.accountId ?? '';
    const account = context.platforms
      .find((entry) => entry.platform === platform)
      ?.accounts.find((entry) => entry.externalId === accountId);
    const id = `${platform}:${accountId}`;
    return { key: id, base: { key: id, label: account?.name ?? accountId, platform, accountId }, ...empty };
  }
  const campaignId = key.campaignId ?? '';
  const id = `${platform}:${campaignId}`;
  return {
    key: id,
    base: {
      key: id,
      label: campaignId,
      platform,
      campaign: { id: null, externalId: campaignId, name: null, status: null },
    },
    ...empty,
  };
}

function compareValues(left: number | null | undefined, right: number | null | undefined): number {
  const a = left ?? null;
  const b = right ?? null;
  if (a === null && b === null) return 0;
  if (a === null) return 1; // nulls last, whatever the direction
  if (b === null) return -1;
  return a - b;
}

function sortRows(rows: KpiRow[], query: NormalisedKpiQuery): void {
  const { by, direction } = query.sort;
  const sign = direction === 'asc' ? 1 : -1;
  rows.sort((left, right) => {
    if (by === 'key') return sign * compareOrdinal(left.key, right.key);
    const leftValue = left.values[by];
    const rightValue = right.values[by];
    const nullOrder = compareValues(leftValue, rightValue);
    if ((leftValue ?? null) === null || (rightValue ?? null) === null) {
      if (nullOrder !== 0) return nullOrder;
    } else if (nullOrder !== 0) return sign * nullOrder;
    return compareOrdinal(left.key, right.key);
  });
}

function settledDays(
  query: NormalisedKpiQuery,
  context: DataContext,
  now: Date,
  timezone: string,
): KpiAnswerMeta['days'] {
  const inScope = context.platforms.filter(
    (platform) => query.platforms.length === 0 || query.platforms.includes(platform.platform),
  );
  const limits =
    inScope.length === 0
      ? [lastSettledDay('', now, [], timezone)]
      : inScope.map((platform) =>
          lastSettledDay(
            platform.platform,
            now,
            platform.accounts.map((account) => account.timezone),
            timezone,
          ),
        );
  const settledThrough = limits.reduce((earliest, day) => (day < earliest ? day : earliest));
  return daysOf(query).map((date) => ({ date, settled: date <= settledThrough }));
}

export interface AnswerInput {
  readonly query: NormalisedKpiQuery;
  readonly tenant: { readonly currency: string; readonly timezone: string };
  readonly now: Date;
  readonly context: DataContext;
  readonly sums: SumsResult;
}

function metaOf(input: AnswerInput, unpricedRows: number): KpiAnswerMeta {
  const { query, tenant, context, now } = input;
  return {
    currency: tenant.currency,
    timezone: tenant.timezone,
    platforms: context.platforms
      .filter((platform) => query.platforms.length === 0 || query.platforms.includes(platform.platform))
      .map((platform) => ({
        platform: platform.platform,
        lastSuccessfulSyncAt: platform.lastSuccessfulSyncAt,
        lastSyncAt: platform.lastSyncAt,
        lastSyncStatus: platform.lastSyncStatus,
        lateDataWindowDays: platform.lateDataWindowDays,
        lastSettledDay: lastSettledDay(
          platform.platform,
          now,
          platform.accounts.map((account) => account.timezone),
          tenant.timezone,
        ),
        attribution: platform.attribution,
      })),
    accountTimezones: context.platforms.flatMap((platform) =>
      platform.accounts
        .filter((account) => account.timezone !== tenant.timezone)
        .map((account) => ({
          platform: platform.platform,
          accountId: account.externalId,
          timezone: account.timezone,
        })),
    ),
    days: settledDays(query, context, now, tenant.timezone),
    fx: { unpricedRows, missing: input.sums.unpriced },
  };
}

/** Builds the answer; campaign rows still need their names (the service joins them). */
export function buildAnswer(input: AnswerInput): KpiAnswer {
  const { query, context } = input;
  const timeGrouping = TIME_GROUP_BYS.has(query.groupBy);
  const groups = timeGrouping ? timeBuckets(query) : new Map<string, Accumulated>();
  let currentTotal = ZERO_SUMS;
  let previousTotal = ZERO_SUMS;
  for (const row of input.sums.rows) {
    if (row.period === 0) currentTotal = addSums(currentTotal, row.sums);
    else previousTotal = addSums(previousTotal, row.sums);
    if (query.groupBy === 'none') continue;
    let group: Accumulated | undefined;
    if (timeGrouping) {
      const day =
        row.period === 0 || query.compare === 'none'
          ? (row.key.date ?? '')
          : alignComparisonDay(row.key.date ?? '', query, query.compare);
      group = groups.get(bucketStart(day, query.groupBy));
    } else {
      const fresh = categoryOf(row.key, query.groupBy, context);
      group = groups.get(fresh.key) ?? fresh;
      groups.set(group.key, group);
    }
    if (group === undefined) continue;
    if (row.period === 0) group.current = addSums(group.current, row.sums);
    else group.previous = addSums(group.previous, row.sums);
  }
  const withComparison = query.compare !== 'none';
  const rows: KpiRow[] = [...groups.values()].map((group) => {
    const values = pickMetrics(kpisFromSums(group.current), query.metrics);
    const dataRows = group.current.rows;
    if (!withComparison) return { ...group.base, values, dataRows };
    const previous = pickMetrics(kpisFromSums(group.previous), query.metrics);
    return {
      ...group.base,
      values,
      dataRows,
      previous,
      change: changeBetween(values, previous, query.metrics),
    };
  });
  sortRows(rows, query);
  const totals = pickMetrics(kpisFromSums(currentTotal), query.metrics);
  const span = comparisonSpan(query, query.compare);
  const comparisonTotals = pickMetrics(kpisFromSums(previousTotal), query.metrics);
  return {
    from: query.from,
    to: query.to,
    range: query.range,
    groupBy: query.groupBy,
    metrics: query.metrics,
    currency: input.tenant.currency,
    timezone: input.tenant.timezone,
    totals,
    comparison:
      span === undefined || query.compare === 'none'
        ? null
        : {
            mode: query.compare,
            ...span,
            totals: comparisonTotals,
            change: changeBetween(totals, comparisonTotals, query.metrics),
          },
    rows: query.limit === null ? rows : rows.slice(0, query.limit),
    rowCount: rows.length,
    meta: metaOf(input, currentTotal.unpricedRows + previousTotal.unpricedRows),
  };
}
