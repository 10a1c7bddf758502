/**
 * The aggregations the KPI service sends to `metricsDaily`: built here, so the benchmark sends
 * the very same pipelines raw through the driver.
 */
import type { Document } from 'mongodb';
import type { DaySpan } from './calendar-days.js';
import { daysOf } from './calendar-days.js';

export type SumsGrouping = 'none' | 'date' | 'platform' | 'account' | 'campaign';

/** What one sums aggregation reads and how it groups. */
export interface SumsPlan {
  /** The current span, then the comparison span if any (never overlapping). */
  readonly spans: readonly DaySpan[];
  readonly platforms: readonly string[];
  readonly accountIds: readonly string[];
  readonly campaignIds: readonly string[];
  readonly grouping: SumsGrouping;
}

/** The group a sums row belongs to; fields by grouping. */
const GROUP_IDS: Readonly<Record<Exclude<SumsGrouping, 'none'>, Document | string>> = {
  date: '$date',
  platform: { platform: '$platform' },
  account: { platform: '$platform', accountId: '$accountId' },
  campaign: { platform: '$platform', campaignId: '$campaignId' },
};

function dateClause(spans: readonly DaySpan[]): Document {
  const [first, second] = spans;
  if (first === undefined) throw new RangeError('A sums plan needs a span');
  if (second === undefined) return { $gte: first.from, $lte: first.to };
  // Two separate spans: point lookups of their days keep the (tenantId, date) index tight.
  return { $in: [...daysOf(second), ...daysOf(first)] };
}

/** The `$match` of a plan: tenant first, then the indexed day range, then the filters. */
export function sumsMatch(tenantId: string, plan: SumsPlan): Document {
  const match: Document = { tenantId, date: dateClause(plan.spans) };
  if (plan.platforms.length > 0) match['platform'] = { $in: [...plan.platforms] };
  if (plan.accountIds.length > 0) match['accountId'] = { $in: [...plan.accountIds] };
  if (plan.campaignIds.length > 0) match['campaignId'] = { $in: [...plan.campaignIds] };
  return match;
}

/** The `period` value of a group key: the current span, then the comparison span. */
export const PERIOD_KEYS = ['current', 'previous'] as const;

export function groupId(plan: SumsPlan): Document | string | null {
  const split = plan.spans.length > 1 && plan.grouping !== 'date';
  // A string, like every other key field: the server groups keys made only of strings through
  // nested hash maps, without building a key string per row (a number here cost ~2x on $group).
  const period = { $cond: [{ $gte: ['$date', plan.spans[0]?.from] }, PERIOD_KEYS[0], PERIOD_KEYS[1]] };
  if (plan.grouping === 'none') return split ? { period } : null;
  const key = GROUP_IDS[plan.grouping];
  if (!split) return key;
  return typeof key === 'string' ? { date: key, period } : { ...key, period };
}

/**
 * The aggregation that answers a plan: one pass over the matching rows. Money sums read the
 * tenant-currency fields, which are null on unpriced rows, so those add nothing.
 */
export function sumsPipeline(tenantId: string, plan: SumsPlan): Document[] {
  return [
    { $match: sumsMatch(tenantId, plan) },
    {
      $group: {
        _id: groupId(plan),
        rows: { $sum: 1 },
        impressions: { $sum: '$impressions' },
        clicks: { $sum: '$clicks' },
        conversions: { $sum: '$conversions' },
        spendCents: { $sum: '$spendCentsTenant' },
        revenueCents: { $sum: '$revenueCentsTenant' },
        unpricedRows: { $sum: { $cond: ['$fxMissing', 1, 0] } },
      },
    },
  ];
}

/** The rare second pass: only rows without an FX rate, by group, currency and day. */
export function unpricedPipeline(tenantId: string, plan: SumsPlan): Document[] {
  const id = groupId(plan);
  const base = id === null ? {} : typeof id === 'string' ? { date: id } : id;
  return [
    { $match: { ...sumsMatch(tenantId, plan), fxMissing: true } },
    {
      $group: {
        _id: { ...base, currency: '$currency', day: '$date' },
        rows: { $sum: 1 },
        impressions: { $sum: '$impressions' },
        clicks: { $sum: '$clicks' },
        conversions: { $sum: '$conversions' },
      },
    },
  ];
}
