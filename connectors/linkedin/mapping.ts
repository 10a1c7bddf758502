/**
 * LinkedIn entities and daily analytics → unified records (reference §5.4, §8): integer ids,
 * URNs in pivots, decimal-string money of the account currency, UTC days.
 */
import { RowBuilder } from '../shared/unified-rows.js';
import type {
  Mapped,
  UnifiedCampaign,
  UnifiedCampaignStatus,
  UnifiedDailyMetric,
  UnifiedObjective,
} from '../shared/unified-rows.js';
import { currencyExponent, decimalToMinorUnits } from './money.js';

export interface UnifiedAccount {
  readonly externalId: string;
  readonly platform: 'linkedin';
  readonly name: string;
  readonly currency: string;
  /** LinkedIn analytics days are UTC days (§5.7). */
  readonly timezone: 'UTC';
  readonly status: 'active' | 'disabled' | 'pending' | 'closed';
}

/** Which analytics fields count (reference §8 defaults: website conversions and their value). */
export interface LinkedInConversionMapping {
  readonly conversions:
    'externalWebsiteConversions' | 'externalWebsitePostClickConversions' | 'oneClickLeads';
  readonly revenue: 'conversionValueInLocalCurrency' | 'none';
}

export const DEFAULT_LINKEDIN_CONVERSION_MAPPING: LinkedInConversionMapping = {
  conversions: 'externalWebsiteConversions',
  revenue: 'conversionValueInLocalCurrency',
};

/** The `fields` of an analytics request for a mapping (well under the 20-metric cap). */
export function analyticsFields(mapping: LinkedInConversionMapping): string[] {
  const fields = [
    'dateRange',
    'pivotValues',
    'impressions',
    'clicks',
    'costInLocalCurrency',
    mapping.conversions,
  ];
  if (mapping.revenue !== 'none') fields.push(mapping.revenue);
  return fields;
}

type Raw = Readonly<Record<string, unknown>>;
const record = (value: unknown): Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Raw) : {};
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;
const idOf = (value: unknown): string | undefined =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0
    ? String(value)
    : typeof value === 'string' && /^\d+$/.test(value)
      ? value
      : undefined;
const CAMPAIGN_URN = /^urn:li:sponsoredCampaign:(\d+)$/;

function dayOf(value: unknown): string | undefined {
  const parts = record(value);
  const [year, month, day] = [parts['year'], parts['month'], parts['day']];
  if (typeof year !== 'number' || typeof month !== 'number' || typeof day !== 'number') return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}

const ACCOUNT_STATUSES: Readonly<Record<string, UnifiedAccount['status']>> = {
  ACTIVE: 'active',
  DRAFT: 'pending',
  CANCELED: 'closed',
  PENDING_DELETION: 'closed',
  REMOVED: 'closed',
};

const CAMPAIGN_STATUSES: Readonly<Record<string, UnifiedCampaignStatus>> = {
  ACTIVE: 'active',
  PAUSED: 'paused',
  DRAFT: 'paused',
  ARCHIVED: 'archived',
  COMPLETED: 'archived',
  CANCELED: 'deleted',
  PENDING_DELETION: 'deleted',
  REMOVED: 'deleted',
};

const OBJECTIVES: Readonly<Record<string, UnifiedObjective>> = {
  WEBSITE_CONVERSION: 'sales',
  LEAD_GENERATION: 'leads',
  TALENT_LEADS: 'leads',
  JOB_APPLICANT: 'leads',
  WEBSITE_VISIT: 'traffic',
  WEBSITE_TRAFFIC: 'traffic',
  BRAND_AWARENESS: 'awareness',
  ENGAGEMENT: 'engagement',
  VIDEO_VIEW: 'video_views',
};

/** `adAccounts/{id}` → account (UTC days). */
export function mapAdAccount(raw: unknown): Mapped<UnifiedAccount> {
  const entry = record(raw);
  const row = new RowBuilder();
  row.field('externalId', entry['id'], idOf(entry['id']));
  row.field('platform', 'linkedin', 'linkedin');
  row.field('name', entry['name'], text(entry['name']));
  row.field('currency', entry['currency'], text(entry['currency']));
  row.field('timezone', 'UTC', 'UTC');
  const status = entry['status'];
  row.field('status', status, typeof status === 'string' ? ACCOUNT_STATUSES[status] : undefined);
  return row.result();
}

/** `adCampaigns` element → campaign; `dailyBudget.amount` is major units of the account currency. */
export function mapCampaign(
  raw: unknown,
  account: { readonly externalId: string; readonly currency: string },
): Mapped<UnifiedCampaign> {
  const entry = record(raw);
  const row = new RowBuilder();
  row.field('externalId', entry['id'], idOf(entry['id']));
  row.field('accountExternalId', account.externalId, account.externalId);
  row.field('name', entry['name'], text(entry['name']));
  const status = entry['status'];
  row.field('status', status, typeof status === 'string' ? CAMPAIGN_STATUSES[status] : undefined);
  const objective = entry['objectiveType'];
  row.field(
    'objective',
    objective,
    (typeof objective === 'string' ? OBJECTIVES[objective] : undefined) ?? 'other',
  );
  const budget = entry['dailyBudget'];
  const amount = budget === undefined || budget === null ? null : record(budget);
  row.field(
    'dailyBudgetCents',
    budget,
    amount === null
      ? null
      : amount['currencyCode'] === account.currency
        ? decimalToMinorUnits(amount['amount'], currencyExponent(account.currency))
        : undefined,
  );
  row.field('currency', account.currency, account.currency);
  return row.result();
}

/** One daily `adAnalytics` element (pivot CAMPAIGN) → daily metric on its UTC day. */
export function mapAnalyticsElement(
  raw: unknown,
  account: { readonly externalId: string; readonly currency: string },
  mapping: LinkedInConversionMapping,
): Mapped<UnifiedDailyMetric> {
  const entry = record(raw);
  const exponent = currencyExponent(account.currency);
  const pivot = Array.isArray(entry['pivotValues']) ? entry['pivotValues'][0] : undefined;
  const row = new RowBuilder();
  row.field('accountExternalId', account.externalId, account.externalId);
  row.field(
    'campaignExternalId',
    pivot,
    typeof pivot === 'string' ? CAMPAIGN_URN.exec(pivot)?.[1] : undefined,
  );
  row.field('date', entry['dateRange'], dayOf(record(entry['dateRange'])['start']));
  row.field('impressions', entry['impressions'], count(entry['impressions']));
  row.field('clicks', entry['clicks'], count(entry['clicks']));
  row.field('conversions', entry[mapping.conversions], count(entry[mapping.conversions]));
  row.field(
    'spendCents',
    entry['costInLocalCurrency'],
    decimalToMinorUnits(entry['costInLocalCurrency'], exponent),
  );
  const revenue = mapping.revenue === 'none' ? '0' : entry[mapping.revenue];
  row.field('revenueCents', revenue, decimalToMinorUnits(revenue, exponent));
  row.field('currency', account.currency, account.currency);
  return row.result();
}

export type { Mapped, UnifiedCampaign, UnifiedCampaignStatus, UnifiedDailyMetric, UnifiedObjective };
