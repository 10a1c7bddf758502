/**
 * Snapchat entities and DAY stats → unified records (reference §4.3, §8): micro-currency money,
 * swipes as clicks, the report day taken from the local part of `start_time`.
 */
import { RowBuilder } from '../shared/unified-rows.js';
import type {
  Mapped,
  UnifiedCampaign,
  UnifiedCampaignStatus,
  UnifiedDailyMetric,
  UnifiedObjective,
} from '../shared/unified-rows.js';
export interface UnifiedAccount {
  readonly externalId: string;
  readonly platform: 'snapchat';
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly status: 'active' | 'disabled' | 'pending' | 'closed';
}

/** Which stats count as conversions and revenue (reference §8 defaults). */
export interface SnapchatConversionMapping {
  readonly conversions:
    'conversion_purchases' | 'conversion_sign_ups' | 'conversion_add_cart' | 'conversion_app_installs';
  readonly revenue: 'conversion_purchases_value' | 'none';
}

export const DEFAULT_SNAPCHAT_CONVERSION_MAPPING: SnapchatConversionMapping = {
  conversions: 'conversion_purchases',
  revenue: 'conversion_purchases_value',
};

/** The `fields` a mapping needs. */
export function statsFields(mapping: SnapchatConversionMapping): string[] {
  const fields = ['impressions', 'swipes', 'spend', mapping.conversions];
  if (mapping.revenue !== 'none') fields.push(mapping.revenue);
  return fields;
}

const exponents = new Map<string, number>();

/** Digits of a currency's minor unit from the runtime's ISO 4217 data (JPY 0, USD 2, KWD 3); cached per code. */
export function currencyExponent(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  const exponent =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  exponents.set(currency, exponent);
  return exponent;
}

/** Micro-currency (1,000,000 = one unit) → minor units, half away from zero; `undefined` unless a non-negative integer. */
export function microsToMinorUnits(value: unknown, exponent: number): number | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return undefined;
  const divisor = 10 ** (6 - exponent);
  const quotient = Math.floor(value / divisor);
  return value % divisor >= divisor / 2 ? quotient + 1 : quotient;
}

/** Minor units → micro-currency. */
export function minorUnitsToMicros(minor: number, exponent: number): number {
  return minor * 10 ** (6 - exponent);
}

const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const uuid = (value: unknown): string | undefined =>
  typeof value === 'string' && UUID.test(value) ? value : undefined;
const LOCAL_DAY = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}/;

type Raw = Readonly<Record<string, unknown>>;
const record = (value: unknown): Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};

const ACCOUNT_STATUSES: Readonly<Record<string, UnifiedAccount['status']>> = {
  ACTIVE: 'active',
  PAUSED: 'disabled',
  DISABLED: 'disabled',
  PENDING: 'pending',
  DELETED: 'closed',
};

const CAMPAIGN_STATUSES: Readonly<Record<string, UnifiedCampaignStatus>> = {
  ACTIVE: 'active',
  PAUSED: 'paused',
};

const OBJECTIVES: Readonly<Record<string, UnifiedObjective>> = {
  WEB_CONVERSION: 'sales',
  CATALOG_SALES: 'sales',
  SALES: 'sales',
  BRAND_AWARENESS: 'awareness',
  AWARENESS: 'awareness',
  AWARENESS_AND_ENGAGEMENT: 'awareness',
  APP_INSTALL: 'app_promotion',
  APP_CONVERSION: 'app_promotion',
  APP_PROMOTION: 'app_promotion',
  VIDEO_VIEW: 'video_views',
  LEAD_GENERATION: 'leads',
  LEADS: 'leads',
  ENGAGEMENT: 'engagement',
  WEB_VIEW: 'traffic',
  TRAFFIC: 'traffic',
  PROMOTE_PLACES: 'traffic',
};

/** `adaccount` entity → account. */
export function mapAdAccount(raw: unknown): Mapped<UnifiedAccount> {
  const entry = record(raw);
  const row = new RowBuilder();
  row.field('externalId', entry['id'], uuid(entry['id']));
  row.field('platform', 'snapchat', 'snapchat');
  row.field('name', entry['name'], text(entry['name']));
  row.field('currency', entry['currency'], text(entry['currency']));
  row.field('timezone', entry['timezone'], text(entry['timezone']));
  const status = entry['status'];
  row.field(
    'status',
    status,
    typeof status === 'string' ? ACCOUNT_STATUSES[status.toUpperCase()] : undefined,
  );
  return row.result();
}

/** `campaign` entity → campaign; `daily_budget_micro` absent means the budget lives on ad squads. */
export function mapCampaign(
  raw: unknown,
  account: { readonly externalId: string; readonly currency: string },
): Mapped<UnifiedCampaign> {
  const entry = record(raw);
  const row = new RowBuilder();
  row.field('externalId', entry['id'], uuid(entry['id']));
  row.field('accountExternalId', account.externalId, account.externalId);
  row.field('name', entry['name'], text(entry['name']));
  const status = entry['status'];
  row.field(
    'status',
    status,
    typeof status === 'string' ? CAMPAIGN_STATUSES[status.toUpperCase()] : undefined,
  );
  const objective = entry['objective'];
  row.field(
    'objective',
    objective,
    (typeof objective === 'string' ? OBJECTIVES[objective] : undefined) ?? 'other',
  );
  const budget = entry['daily_budget_micro'];
  row.field(
    'dailyBudgetCents',
    budget,
    budget === undefined || budget === null
      ? null
      : microsToMinorUnits(budget, currencyExponent(account.currency)),
  );
  row.field('currency', account.currency, account.currency);
  return row.result();
}

/** One DAY `timeseries` entry of a campaign → daily metric on the account's local day. */
export function mapTimeseriesEntry(
  raw: unknown,
  campaignExternalId: string,
  account: { readonly externalId: string; readonly currency: string },
  mapping: SnapchatConversionMapping,
): Mapped<UnifiedDailyMetric> {
  const entry = record(raw);
  const stats = record(entry['stats']);
  const exponent = currencyExponent(account.currency);
  const start = entry['start_time'];
  const row = new RowBuilder();
  row.field('accountExternalId', account.externalId, account.externalId);
  row.field('campaignExternalId', campaignExternalId, campaignExternalId);
  // The local part of start_time is the report day, never its UTC conversion (§4.6).
  row.field('date', start, typeof start === 'string' ? LOCAL_DAY.exec(start)?.[1] : undefined);
  row.field('impressions', stats['impressions'], count(stats['impressions']));
  row.field('clicks', stats['swipes'], count(stats['swipes']));
  row.field('conversions', stats[mapping.conversions], count(stats[mapping.conversions]));
  row.field('spendCents', stats['spend'], microsToMinorUnits(stats['spend'], exponent));
  const revenue = mapping.revenue === 'none' ? 0 : stats[mapping.revenue];
  row.field('revenueCents', revenue, microsToMinorUnits(revenue, exponent));
  row.field('currency', account.currency, account.currency);
  return row.result();
}

export type { Mapped, UnifiedCampaign, UnifiedCampaignStatus, UnifiedDailyMetric, UnifiedObjective };
