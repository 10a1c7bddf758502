/**
 * Raw GoogleAdsRow JSON (camelCase, int64 as strings, doubles as numbers, default values
 * omitted — reference §2.3) mapped to the unified records. Each row is checked on its own: a
 * malformed row becomes a rejection with its reason, never an exception and never a guess.
 */
import { z } from 'zod';
import { majorToMinor, microsToMinor } from './money.js';
import type { ConversionMetric } from './queries.js';

export type RowResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: string; readonly key: string };

const int64String = z.string().regex(/^\d{1,19}$/, 'Expected an int64 as a decimal string');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected YYYY-MM-DD');
const double = z.number().finite().nonnegative();

function reasonOf(error: z.ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'invalid row';
  const path = issue.path.map(String).join('.');
  return `${path === '' ? 'row' : path}: ${issue.message}`;
}

function keyOf(raw: unknown, paths: readonly (readonly string[])[]): string {
  return paths
    .map((path) => {
      let value: unknown = raw;
      for (const part of path)
        value =
          typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[part] : undefined;
      return typeof value === 'string' || typeof value === 'number' ? String(value) : '?';
    })
    .join('|');
}

// ---------------------------------------------------------------------------------------------
// Customers

const customerRowSchema = z.looseObject({
  customer: z.looseObject({
    id: int64String,
    descriptiveName: z.string().optional(),
    currencyCode: z.string().regex(/^[A-Z]{3}$/),
    timeZone: z.string().min(1),
    status: z.string().optional(),
  }),
});

/** The unified account fields of a Google Ads customer. */
export interface GoogleAdsAccount {
  readonly externalId: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly status: 'active' | 'disabled' | 'pending' | 'closed';
}

const CUSTOMER_STATUSES: Readonly<Record<string, GoogleAdsAccount['status']>> = {
  ENABLED: 'active',
  SUSPENDED: 'disabled',
  CANCELED: 'closed',
  CLOSED: 'closed',
};

export function mapCustomerRow(raw: unknown): RowResult<GoogleAdsAccount> {
  const key = keyOf(raw, [['customer', 'id']]);
  const parsed = customerRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, key, reason: reasonOf(parsed.error) };
  const customer = parsed.data.customer;
  const status = CUSTOMER_STATUSES[customer.status ?? ''];
  if (status === undefined)
    return { ok: false, key, reason: `customer.status: unknown value ${customer.status ?? '(missing)'}` };
  return {
    ok: true,
    value: {
      externalId: customer.id,
      name: customer.descriptiveName || `Google Ads ${customer.id}`,
      currency: customer.currencyCode,
      timezone: customer.timeZone,
      status,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Campaigns

const campaignRowSchema = z.looseObject({
  campaign: z.looseObject({
    id: int64String,
    name: z.string().min(1),
    status: z.string(),
    advertisingChannelType: z.string().optional(),
    biddingStrategyType: z.string().optional(),
    campaignBudget: z.string().optional(),
  }),
  campaignBudget: z
    .looseObject({
      amountMicros: int64String.optional(),
      period: z.string().optional(),
      explicitlyShared: z.boolean().optional(),
    })
    .optional(),
});

export type GoogleAdsCampaignStatus = 'active' | 'paused' | 'deleted';
export type UnifiedObjective =
  | 'awareness'
  | 'reach'
  | 'traffic'
  | 'engagement'
  | 'video_views'
  | 'leads'
  | 'app_promotion'
  | 'sales'
  | 'other';

export interface GoogleAdsCampaign {
  readonly externalId: string;
  readonly name: string;
  readonly status: GoogleAdsCampaignStatus;
  readonly objective: UnifiedObjective;
  /** Minor units; `null` for shared or non-daily budgets (they do not belong to this campaign's day). */
  readonly dailyBudgetCents: number | null;
  /** `customers/{cid}/campaignBudgets/{id}`, for budget changes. */
  readonly budgetResourceName: string | null;
  readonly budgetShared: boolean;
  readonly budgetPeriod: string | null;
  /** The raw status (`ENABLED`, `PAUSED`, `REMOVED`). */
  readonly platformStatus: string;
}

const CAMPAIGN_STATUSES: Readonly<Record<string, GoogleAdsCampaignStatus>> = {
  ENABLED: 'active',
  PAUSED: 'paused',
  REMOVED: 'deleted',
};

/**
 * Google has no campaign objective (reference §2.3): the channel type is the analogue, and on
 * Search and Display a conversion-based bidding strategy says the campaign is about sales.
 * Channel types Google adds later map to `other` rather than failing the row.
 */
const CHANNEL_OBJECTIVES: Readonly<Record<string, UnifiedObjective>> = {
  SEARCH: 'traffic',
  DISPLAY: 'awareness',
  SHOPPING: 'sales',
  VIDEO: 'video_views',
  PERFORMANCE_MAX: 'sales',
  DEMAND_GEN: 'engagement',
  DISCOVERY: 'engagement',
  MULTI_CHANNEL: 'app_promotion',
  LOCAL: 'traffic',
  SMART: 'traffic',
  HOTEL: 'sales',
  TRAVEL: 'sales',
  LOCAL_SERVICES: 'leads',
};
const CONVERSION_BIDDING = new Set([
  'TARGET_CPA',
  'TARGET_ROAS',
  'MAXIMIZE_CONVERSIONS',
  'MAXIMIZE_CONVERSION_VALUE',
]);
const DAILY_PERIODS = new Set(['DAILY', 'FIXED_DAILY']);

function objectiveOf(channel: string | undefined, bidding: string | undefined): UnifiedObjective {
  const base = CHANNEL_OBJECTIVES[channel ?? ''] ?? 'other';
  if ((channel === 'SEARCH' || channel === 'DISPLAY') && CONVERSION_BIDDING.has(bidding ?? ''))
    return 'sales';
  return base;
}

export function mapCampaignRow(raw: unknown, currency: string): RowResult<GoogleAdsCampaign> {
  const key = keyOf(raw, [['campaign', 'id']]);
  const parsed = campaignRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, key, reason: reasonOf(parsed.error) };
  const { campaign, campaignBudget } = parsed.data;
  const status = CAMPAIGN_STATUSES[campaign.status];
  if (status === undefined)
    return { ok: false, key, reason: `campaign.status: unknown value ${campaign.status}` };
  const period = campaignBudget?.period ?? null;
  const shared = campaignBudget?.explicitlyShared ?? false;
  const daily = campaignBudget !== undefined && !shared && period !== null && DAILY_PERIODS.has(period);
  let dailyBudgetCents: number | null = null;
  try {
    if (daily) dailyBudgetCents = microsToMinor(campaignBudget.amountMicros ?? '0', currency);
  } catch (error) {
    return {
      ok: false,
      key,
      reason: `campaignBudget.amountMicros: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return {
    ok: true,
    value: {
      externalId: campaign.id,
      name: campaign.name,
      status,
      objective: objectiveOf(campaign.advertisingChannelType, campaign.biddingStrategyType),
      dailyBudgetCents,
      budgetResourceName: campaign.campaignBudget ?? null,
      budgetShared: shared,
      budgetPeriod: period,
      platformStatus: campaign.status,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Daily metrics

const metricRowSchema = z.looseObject({
  campaign: z.looseObject({ id: int64String }),
  segments: z.looseObject({ date: day }),
  metrics: z
    .looseObject({
      impressions: int64String.optional(),
      clicks: int64String.optional(),
      costMicros: int64String.optional(),
      conversions: double.optional(),
      conversionsValue: double.optional(),
      allConversions: double.optional(),
      allConversionsValue: double.optional(),
    })
    .optional(),
});

export interface GoogleAdsDailyRow {
  readonly campaignExternalId: string;
  readonly date: string;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly spendCents: number;
  readonly revenueCents: number;
}

function safeCount(value: string | undefined): number {
  const count = Number(value ?? '0');
  if (!Number.isSafeInteger(count)) throw new RangeError(`count ${value} is out of range`);
  return count;
}

/**
 * One campaign-day. Missing metrics are zero (Google omits default values). Cost is micros;
 * the conversion value is major units (reference §2.6: never the same divisor for both). Only
 * the configured conversion columns count, never both (they overlap: "all" includes the rest).
 */
export function mapMetricRow(
  raw: unknown,
  currency: string,
  conversions: ConversionMetric,
): RowResult<GoogleAdsDailyRow> {
  const key = keyOf(raw, [
    ['campaign', 'id'],
    ['segments', 'date'],
  ]);
  const parsed = metricRowSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, key, reason: reasonOf(parsed.error) };
  const { campaign, segments } = parsed.data;
  const metrics = parsed.data.metrics ?? {};
  const all = conversions === 'all_conversions';
  try {
    return {
      ok: true,
      value: {
        campaignExternalId: campaign.id,
        date: segments.date,
        impressions: safeCount(metrics.impressions),
        clicks: safeCount(metrics.clicks),
        conversions: (all ? metrics.allConversions : metrics.conversions) ?? 0,
        spendCents: microsToMinor(metrics.costMicros ?? '0', currency),
        revenueCents: majorToMinor(
          (all ? metrics.allConversionsValue : metrics.conversionsValue) ?? 0,
          currency,
        ),
      },
    };
  } catch (error) {
    return { ok: false, key, reason: `metrics: ${error instanceof Error ? error.message : String(error)}` };
  }
}
