/**
 * TikTok rows → unified records (reference §3.3, §8). Shapes are declared here, structurally equal
 * to the plugin API's records, so the connector imports nothing of the host.
 */
import { RowBuilder } from '../shared/unified-rows.js';
import type {
  Mapped,
  UnifiedCampaign,
  UnifiedCampaignStatus,
  UnifiedDailyMetric,
  UnifiedObjective,
} from '../shared/unified-rows.js';
import { currencyExponent, decimalToCount, decimalToMinorUnits } from './money.js';

export interface UnifiedAccount {
  readonly externalId: string;
  readonly platform: 'tiktok';
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly status: 'active' | 'disabled' | 'pending' | 'closed';
}

/** Which report metrics count as conversions and revenue (reference §8 defaults). */
export interface TikTokConversionMapping {
  /** `complete_payment` (web purchases) by default; never `conversion` (the optimisation event) unless chosen. */
  readonly conversions: 'complete_payment' | 'conversion' | 'purchase';
  /** `total_complete_payment_rate` is the web purchase VALUE despite its name. */
  readonly revenue: 'total_complete_payment_rate' | 'total_purchase_value' | 'none';
}

export const DEFAULT_TIKTOK_CONVERSION_MAPPING: TikTokConversionMapping = {
  conversions: 'complete_payment',
  revenue: 'total_complete_payment_rate',
};

/** The report metrics a mapping needs. */
export function reportMetrics(mapping: TikTokConversionMapping): string[] {
  const metrics = ['spend', 'impressions', 'clicks', mapping.conversions];
  if (mapping.revenue !== 'none') metrics.push(mapping.revenue);
  return metrics;
}

const OBJECTIVES: Readonly<Record<string, UnifiedObjective>> = {
  WEB_CONVERSIONS: 'sales',
  CONVERSIONS: 'sales',
  PRODUCT_SALES: 'sales',
  CATALOG_SALES: 'sales',
  SHOP_PURCHASES: 'sales',
  TRAFFIC: 'traffic',
  REACH: 'reach',
  RF_REACH: 'reach',
  VIDEO_VIEWS: 'video_views',
  LEAD_GENERATION: 'leads',
  APP_PROMOTION: 'app_promotion',
  APP_INSTALL: 'app_promotion',
  ENGAGEMENT: 'engagement',
  COMMUNITY_INTERACTION: 'engagement',
  BRAND_AWARENESS: 'awareness',
};

const ACCOUNT_STATUSES: Readonly<Record<string, UnifiedAccount['status']>> = {
  STATUS_ENABLE: 'active',
  STATUS_DISABLE: 'disabled',
  STATUS_LIMIT: 'disabled',
  STATUS_PENDING_CONFIRM: 'pending',
  STATUS_PENDING_VERIFIED: 'pending',
  STATUS_CONFIRM_FAIL: 'disabled',
  STATUS_WAIT_FOR_BPM_AUDIT: 'pending',
  STATUS_SELF_SERVICE_UNAUDITED: 'pending',
  STATUS_CONTRACT_PENDING: 'pending',
};

const ID = /^\d{1,20}$/;
const STAT_DAY = /^(\d{4}-\d{2}-\d{2})(?: \d{2}:\d{2}:\d{2})?$/;

type Raw = Readonly<Record<string, unknown>>;

function record(value: unknown): Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
}

/** Ids are 16–19 digit strings; older outputs sometimes send a bare number (reference §3.3). */
function idOf(value: unknown): string | undefined {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof text === 'string' && ID.test(text) ? text : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

const STATUS_OF_OPERATION: Readonly<Record<string, UnifiedCampaignStatus>> = {
  ENABLE: 'active',
  DISABLE: 'paused',
};

/** `/advertiser/info/` entry → account. */
export function mapAdvertiser(raw: unknown): Mapped<UnifiedAccount> {
  const entry = record(raw);
  const row = new RowBuilder();
  row.field('externalId', entry['advertiser_id'], idOf(entry['advertiser_id']));
  row.field('platform', 'tiktok', 'tiktok');
  row.field('name', entry['name'], text(entry['name']));
  row.field('currency', entry['currency'], text(entry['currency']));
  row.field('timezone', entry['timezone'], text(entry['timezone']));
  const status = entry['status'];
  row.field('status', status, typeof status === 'string' ? ACCOUNT_STATUSES[status] : undefined);
  return row.result();
}

/** `/campaign/get/` entry → campaign; the budget counts only in `BUDGET_MODE_DAY` (§8). */
export function mapCampaign(
  raw: unknown,
  account: { readonly externalId: string; readonly currency: string },
): Mapped<UnifiedCampaign> {
  const entry = record(raw);
  const row = new RowBuilder();
  row.field('externalId', entry['campaign_id'], idOf(entry['campaign_id']));
  row.field('accountExternalId', account.externalId, account.externalId);
  row.field('name', entry['campaign_name'], text(entry['campaign_name']));
  const secondary = typeof entry['secondary_status'] === 'string' ? entry['secondary_status'] : '';
  const operation = entry['operation_status'];
  const status = secondary.includes('DELETE')
    ? 'deleted'
    : typeof operation === 'string'
      ? STATUS_OF_OPERATION[operation]
      : undefined;
  row.field('status', operation, status);
  const objective = entry['objective_type'];
  row.field(
    'objective',
    objective,
    (typeof objective === 'string' ? OBJECTIVES[objective] : undefined) ?? 'other',
  );
  row.field(
    'dailyBudgetCents',
    entry['budget'],
    entry['budget_mode'] === 'BUDGET_MODE_DAY'
      ? decimalToMinorUnits(entry['budget'], currencyExponent(account.currency))
      : null,
  );
  row.field('currency', account.currency, account.currency);
  return row.result();
}

/** One `report/integrated/get` row (campaign × day) → daily metric in the advertiser's currency and day. */
export function mapReportRow(
  raw: unknown,
  account: { readonly externalId: string; readonly currency: string },
  mapping: TikTokConversionMapping,
): Mapped<UnifiedDailyMetric> {
  const entry = record(raw);
  const dimensions = record(entry['dimensions']);
  const metrics = record(entry['metrics']);
  const exponent = currencyExponent(account.currency);
  const money = (value: unknown) => decimalToMinorUnits(value, exponent);
  const statDay = dimensions['stat_time_day'];
  const row = new RowBuilder();
  row.field('accountExternalId', account.externalId, account.externalId);
  row.field('campaignExternalId', dimensions['campaign_id'], idOf(dimensions['campaign_id']));
  row.field('date', statDay, typeof statDay === 'string' ? STAT_DAY.exec(statDay)?.[1] : undefined);
  row.field('impressions', metrics['impressions'], decimalToCount(metrics['impressions']));
  row.field('clicks', metrics['clicks'], decimalToCount(metrics['clicks']));
  row.field('conversions', metrics[mapping.conversions], decimalToCount(metrics[mapping.conversions]));
  row.field('spendCents', metrics['spend'], money(metrics['spend']));
  const revenue = mapping.revenue === 'none' ? '0' : metrics[mapping.revenue];
  row.field('revenueCents', revenue, money(revenue));
  row.field('currency', account.currency, account.currency);
  return row.result();
}

export { RowBuilder };
export type { Mapped, UnifiedCampaign, UnifiedCampaignStatus, UnifiedDailyMetric, UnifiedObjective };
