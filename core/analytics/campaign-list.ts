/**
 * The campaign list: stored campaigns joined with their KPIs over a range, filtered, sorted and
 * paged with an opaque cursor (the offset into the sorted list the cache holds).
 */
import { z } from 'zod';
import { InputError } from '../errors/errors.js';
import { calendarDaySchema } from '../plugin-api/index.js';
import { COMPARE_MODES, DATE_PRESETS } from './date-presets.js';
import { compareOrdinal } from './kpi-answer.js';
import type { KpiAnswer, MetricChanges, MetricValues } from './kpi-answer.js';
import { KPI_METRICS } from './kpi-metrics.js';
import type { KpiMetric } from './kpi-metrics.js';
import { kpiSortSchema } from './kpi-query.js';
import type { StoredCampaign } from './kpi.repository.js';

export const CAMPAIGN_PAGE_DEFAULT = 50;
export const CAMPAIGN_PAGE_MAX = 200;

const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

export const campaignListInputSchema = z.strictObject({
  range: z.enum(DATE_PRESETS).optional(),
  from: calendarDaySchema.optional(),
  to: calendarDaySchema.optional(),
  compare: z.enum(COMPARE_MODES).optional(),
  platforms: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
  accountIds: z.array(z.string().trim().min(1).max(200)).max(500).optional(),
  statuses: z.array(z.string().trim().min(1).max(40)).max(10).optional(),
  metrics: z.array(z.enum(KPI_METRICS)).min(1).optional(),
  sort: kpiSortSchema.optional(),
  limit: z.number().int().min(1).max(CAMPAIGN_PAGE_MAX).default(CAMPAIGN_PAGE_DEFAULT),
  cursor: z.string().regex(CURSOR_PATTERN, 'is not a cursor this API issued').optional(),
});
export type CampaignListInput = z.input<typeof campaignListInputSchema>;
type ParsedCampaignListInput = z.output<typeof campaignListInputSchema>;

export interface CampaignItem {
  /** The `campaigns` document id; `null` for metrics of a campaign that is not stored (any more). */
  readonly id: string | null;
  readonly platform: string;
  readonly accountId: string | null;
  readonly externalId: string;
  readonly name: string | null;
  readonly status: string | null;
  readonly objective: string | null;
  /** Minor units of `budgetCurrency` (the account's), as the platform states it. */
  readonly dailyBudgetCents: number | null;
  readonly budgetCurrency: string | null;
  readonly values: MetricValues;
  readonly previous?: MetricValues;
  readonly change?: MetricChanges;
}

export interface CampaignPage {
  readonly from: string;
  readonly to: string;
  readonly range: KpiAnswer['range'];
  readonly currency: string;
  readonly timezone: string;
  readonly metrics: readonly KpiMetric[];
  readonly data: readonly CampaignItem[];
  readonly nextCursor: string | null;
  readonly totalCount: number;
  readonly meta: KpiAnswer['meta'];
}

export interface CampaignDetail extends KpiAnswer {
  readonly campaign: StoredCampaign;
}

export function encodeCursor(offset: number): string {
  return Buffer.from(`o${offset}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number {
  if (cursor === undefined) return 0;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^o(\d{1,9})$/.exec(text);
  if (!match)
    throw new InputError('Invalid cursor', {
      code: 'INPUT_VALIDATION_FAILED',
      details: [{ in: 'query', path: 'cursor', message: 'is not a cursor this API issued' }],
    });
  return Number(match[1]);
}

function zeroValues(metrics: readonly KpiMetric[]): MetricValues {
  const numeric = new Set<KpiMetric>(['spend', 'revenue', 'impressions', 'clicks', 'conversions']);
  return Object.fromEntries(metrics.map((metric) => [metric, numeric.has(metric) ? 0 : null]));
}

function itemsOf(
  grouped: KpiAnswer,
  stored: readonly StoredCampaign[],
  statusFiltered: boolean,
): CampaignItem[] {
  const rowsByKey = new Map(grouped.rows.map((row) => [row.key, row]));
  const items: CampaignItem[] = stored.map((campaign) => {
    const key = `${campaign.platform}:${campaign.externalId}`;
    const row = rowsByKey.get(key);
    rowsByKey.delete(key);
    return {
      id: campaign.id,
      platform: campaign.platform,
      accountId: campaign.accountId,
      externalId: campaign.externalId,
      name: campaign.name,
      status: campaign.status,
      objective: campaign.objective,
      dailyBudgetCents: campaign.dailyBudgetCents,
      budgetCurrency: campaign.currency,
      values: row?.values ?? zeroValues(grouped.metrics),
      ...(row?.previous === undefined ? {} : { previous: row.previous, change: row.change ?? {} }),
    };
  });
  if (statusFiltered) return items;
  for (const row of rowsByKey.values()) {
    items.push({
      id: null,
      platform: row.platform ?? '',
      accountId: row.accountId ?? null,
      externalId: row.campaign?.externalId ?? row.key,
      name: null,
      status: null,
      objective: null,
      dailyBudgetCents: null,
      budgetCurrency: null,
      values: row.values,
      ...(row.previous === undefined ? {} : { previous: row.previous, change: row.change ?? {} }),
    });
  }
  return items;
}

function sortItems(items: CampaignItem[], sort: string | undefined): void {
  const spec = sort ?? '-spend';
  const by = spec.replace(/^-/, '') as KpiMetric | 'key';
  const sign = spec.startsWith('-') ? -1 : 1;
  const keyOf = (item: CampaignItem) => `${item.platform}:${item.externalId}`;
  items.sort((left, right) => {
    if (by !== 'key') {
      const a = left.values[by] ?? null;
      const b = right.values[by] ?? null;
      if (a === null && b !== null) return 1;
      if (b === null && a !== null) return -1;
      if (a !== null && b !== null && a !== b) return sign * (a - b);
      return compareOrdinal(keyOf(left), keyOf(right));
    }
    return sign * compareOrdinal(keyOf(left), keyOf(right));
  });
}

/** One page of the sorted list; the cursor is the next page's offset. */
export function pageOfCampaigns(
  grouped: KpiAnswer,
  stored: readonly StoredCampaign[],
  input: ParsedCampaignListInput,
): CampaignPage {
  const items = itemsOf(grouped, stored, (input.statuses ?? []).length > 0);
  sortItems(items, input.sort);
  const offset = decodeCursor(input.cursor);
  const data = items.slice(offset, offset + input.limit);
  const next = offset + data.length;
  return {
    from: grouped.from,
    to: grouped.to,
    range: grouped.range,
    currency: grouped.currency,
    timezone: grouped.timezone,
    metrics: grouped.metrics,
    data,
    nextCursor: next < items.length ? encodeCursor(next) : null,
    totalCount: items.length,
    meta: grouped.meta,
  };
}
