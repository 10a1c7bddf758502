import type { DayRange, PluginContext, PredictionScope } from '../../core/plugin-api/index.js';

/** One campaign's contiguous daily history in tenant minor units (missing days are zeros). */
export interface CampaignHistory {
  readonly campaignExternalId: string;
  readonly platform: string;
  readonly dates: readonly string[];
  readonly weekdays: readonly number[];
  readonly spend: number[];
  readonly revenue: number[];
  readonly conversions: number[];
}

const MS_PER_DAY = 86_400_000;

/** Every day of an inclusive range. */
export function daysOf(range: DayRange): string[] {
  const first = Date.parse(`${range.from}T00:00:00Z`);
  const last = Date.parse(`${range.to}T00:00:00Z`);
  const days: string[] = [];
  for (let time = first; time <= last; time += MS_PER_DAY)
    days.push(new Date(time).toISOString().slice(0, 10));
  return days;
}

/** `day` plus `count` days. */
export function addDays(day: string, count: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + count * MS_PER_DAY).toISOString().slice(0, 10);
}

export const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();

/**
 * Reads the scope's daily metrics as one series per campaign. Money is the tenant-currency amount
 * ingest computed; a row without an FX rate counts as no spend and no revenue rather than mixing
 * currencies.
 */
export async function loadHistories(
  ctx: Pick<PluginContext, 'data'>,
  scope: PredictionScope,
  range: DayRange,
): Promise<CampaignHistory[]> {
  const rows = await ctx.data.dailyMetrics({
    from: range.from,
    to: range.to,
    ...(scope.campaignExternalIds === undefined ? {} : { campaignExternalIds: scope.campaignExternalIds }),
    ...(scope.platforms?.length === 1 && scope.platforms[0] !== undefined
      ? { platform: scope.platforms[0] }
      : {}),
  });
  const dates = daysOf(range);
  const position = new Map(dates.map((day, index) => [day, index]));
  const weekdays = dates.map(weekdayOf);
  const platforms = scope.platforms === undefined ? undefined : new Set(scope.platforms);
  const byCampaign = new Map<string, CampaignHistory>();
  for (const row of rows) {
    if (platforms !== undefined && !platforms.has(row.platform)) continue;
    const index = position.get(row.date);
    if (index === undefined) continue;
    const key = `${row.platform}\u0000${row.campaignExternalId}`;
    let history = byCampaign.get(key);
    if (history === undefined) {
      history = {
        campaignExternalId: row.campaignExternalId,
        platform: row.platform,
        dates,
        weekdays,
        spend: new Array<number>(dates.length).fill(0),
        revenue: new Array<number>(dates.length).fill(0),
        conversions: new Array<number>(dates.length).fill(0),
      };
      byCampaign.set(key, history);
    }
    history.spend[index] = (history.spend[index] ?? 0) + (row.spendCentsTenant ?? 0);
    history.revenue[index] = (history.revenue[index] ?? 0) + (row.revenueCentsTenant ?? 0);
    history.conversions[index] = (history.conversions[index] ?? 0) + row.conversions;
  }
  return [...byCampaign.values()].sort((left, right) =>
    left.campaignExternalId.localeCompare(right.campaignExternalId),
  );
}
