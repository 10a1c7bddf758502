/**
 * The KPIs and how each comes from sums. Ratios are always ratios of sums (ROAS = Σrevenue /
 * Σspend), never averages of ratios; a zero denominator gives `null`.
 *
 * Money metrics (spend, revenue, cpa, cpc, cpm, aov) are integer minor units of the tenant's
 * currency; derived money is rounded half to even. CPM is minor units per 1,000 impressions.
 *
 * Rows whose FX rate was missing (`fxMissing`) have no tenant-currency amount: they add nothing
 * to spend and revenue, and the money-per-event metrics (cpa, cpc, cpm, aov) divide by the
 * events of priced rows only, so no ratio mixes two populations. Impressions, clicks,
 * conversions, ctr and cvr count every row. Answers report the unpriced rows.
 */

export const KPI_METRICS = [
  'spend',
  'revenue',
  'impressions',
  'clicks',
  'conversions',
  'roas',
  'cpa',
  'cpc',
  'cpm',
  'ctr',
  'cvr',
  'aov',
] as const;
export type KpiMetric = (typeof KPI_METRICS)[number];

/** Metrics in minor units of the answer's currency. */
export const MONEY_METRICS: ReadonlySet<KpiMetric> = new Set([
  'spend',
  'revenue',
  'cpa',
  'cpc',
  'cpm',
  'aov',
]);

/** Sums of one group of `metricsDaily` rows. */
export interface MetricSums {
  readonly rows: number;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  /** Tenant currency, priced rows only. */
  readonly spendCents: number;
  readonly revenueCents: number;
  /** Rows without an FX rate, and their events. */
  readonly unpricedRows: number;
  readonly unpricedImpressions: number;
  readonly unpricedClicks: number;
  readonly unpricedConversions: number;
}

export type KpiValues = { readonly [M in KpiMetric]: number | null };

export const ZERO_SUMS: MetricSums = {
  rows: 0,
  impressions: 0,
  clicks: 0,
  conversions: 0,
  spendCents: 0,
  revenueCents: 0,
  unpricedRows: 0,
  unpricedImpressions: 0,
  unpricedClicks: 0,
  unpricedConversions: 0,
};

/** Conversions may be fractional (Google attributes fractions); keep sums free of float dust. */
function tidy(value: number): number {
  return Number.isInteger(value) ? value : Math.round(value * 1e6) / 1e6;
}

export function addSums(left: MetricSums, right: MetricSums): MetricSums {
  return {
    rows: left.rows + right.rows,
    impressions: left.impressions + right.impressions,
    clicks: left.clicks + right.clicks,
    conversions: tidy(left.conversions + right.conversions),
    spendCents: left.spendCents + right.spendCents,
    revenueCents: left.revenueCents + right.revenueCents,
    unpricedRows: left.unpricedRows + right.unpricedRows,
    unpricedImpressions: left.unpricedImpressions + right.unpricedImpressions,
    unpricedClicks: left.unpricedClicks + right.unpricedClicks,
    unpricedConversions: tidy(left.unpricedConversions + right.unpricedConversions),
  };
}

export function ratio(numerator: number, denominator: number): number | null {
  if (denominator === 0 || !Number.isFinite(numerator) || !Number.isFinite(denominator)) return null;
  return numerator / denominator;
}

/** `numerator / denominator` as an integer, rounded half to even; `null` on a zero denominator. */
export function moneyRatio(numerator: number, denominator: number): number | null {
  const exact = ratio(numerator, denominator);
  if (exact === null) return null;
  const floor = Math.floor(exact);
  const fraction = exact - floor;
  // Floating noise around .5 (e.g. 2.4999999) must not flip the rounding.
  if (Math.abs(fraction - 0.5) < 1e-9) return floor % 2 === 0 ? floor : floor + 1;
  return fraction < 0.5 ? floor : floor + 1;
}

/** Every KPI of a group from its sums. */
export function kpisFromSums(sums: MetricSums): KpiValues {
  const pricedImpressions = sums.impressions - sums.unpricedImpressions;
  const pricedClicks = sums.clicks - sums.unpricedClicks;
  const pricedConversions = tidy(sums.conversions - sums.unpricedConversions);
  return {
    spend: sums.spendCents,
    revenue: sums.revenueCents,
    impressions: sums.impressions,
    clicks: sums.clicks,
    conversions: tidy(sums.conversions),
    roas: ratio(sums.revenueCents, sums.spendCents),
    cpa: moneyRatio(sums.spendCents, pricedConversions),
    cpc: moneyRatio(sums.spendCents, pricedClicks),
    cpm: moneyRatio(sums.spendCents * 1000, pricedImpressions),
    ctr: ratio(sums.clicks, sums.impressions),
    cvr: ratio(sums.conversions, sums.clicks),
    aov: moneyRatio(sums.revenueCents, pricedConversions),
  };
}

/** Only the asked-for metrics, in the canonical order. */
export function pickMetrics(values: KpiValues, metrics: readonly KpiMetric[]): Partial<KpiValues> {
  const picked: Partial<Record<KpiMetric, number | null>> = {};
  for (const metric of metrics) picked[metric] = values[metric];
  return picked;
}

/** Absolute and relative change of each metric against a comparison; `percent` is null from zero or null. */
export interface MetricChange {
  readonly absolute: number | null;
  readonly percent: number | null;
}

export function changeBetween(
  current: Partial<KpiValues>,
  previous: Partial<KpiValues>,
  metrics: readonly KpiMetric[],
): Partial<Record<KpiMetric, MetricChange>> {
  const changes: Partial<Record<KpiMetric, MetricChange>> = {};
  for (const metric of metrics) {
    const now = current[metric] ?? null;
    const before = previous[metric] ?? null;
    if (now === null || before === null) {
      changes[metric] = { absolute: null, percent: null };
      continue;
    }
    changes[metric] = {
      absolute: tidyChange(now - before),
      percent: before === 0 ? null : tidyChange(((now - before) / Math.abs(before)) * 100),
    };
  }
  return changes;
}

function tidyChange(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
