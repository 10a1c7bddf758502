import { z } from 'zod';

// An immutable lookup table (not state): the ISO 4217 codes the runtime's ICU data knows.
const ISO_4217_CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

const CALENDAR_DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `value` is a real calendar day written `YYYY-MM-DD` (so `2025-02-30` is not). */
export function isCalendarDay(value: string): boolean {
  const match = CALENDAR_DAY_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether `value` is an IANA time zone the runtime knows (`Europe/Berlin`, `UTC`). */
export function isIanaTimeZone(value: string): boolean {
  if (!value.includes('/') && value !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** A calendar day `YYYY-MM-DD`. */
export const calendarDaySchema = z.string().refine(isCalendarDay, 'Expected a calendar day YYYY-MM-DD');

/** An ISO 4217 currency code in capitals (`USD`, `EUR`). */
export const currencyCodeSchema = z
  .string()
  .refine((value) => ISO_4217_CODES.has(value), 'Expected an ISO 4217 currency code');

/** An IANA time zone name. */
export const timeZoneSchema = z.string().refine(isIanaTimeZone, 'Expected an IANA time zone');

/** A count or an amount in integer minor units: never negative, never fractional. */
const nonNegativeInteger = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** The id an entity has on its platform (Meta `act_123`, a Google customer id, a LinkedIn URN…). */
const externalIdSchema = z.string().min(1).max(200);

/** The ad platforms Stratum reads, as stored in `adAccounts.platform` and `metricsDaily.platform`. */
export const AD_PLATFORMS = ['meta', 'google', 'tiktok', 'snapchat', 'linkedin'] as const;

/** Zod schema of {@link AD_PLATFORMS}. */
export const adPlatformSchema = z.enum(AD_PLATFORMS);

/** Lifecycle of an ad account as the platform reports it, mapped to four states. */
export const adAccountStatusSchema = z.enum(['active', 'disabled', 'pending', 'closed']);

/** One ad account (Meta ad account, Google customer, TikTok advertiser, Snap ad account, LinkedIn sponsored account). */
export const adAccountSchema = z
  .object({
    externalId: externalIdSchema,
    /** Which platform the account lives on; campaigns and metrics of the account inherit it. */
    platform: adPlatformSchema,
    name: z.string().min(1).max(500),
    /** The account's currency; every money amount of the account is in its minor units. */
    currency: currencyCodeSchema,
    /** The zone the platform uses for the account's calendar days (LinkedIn: always `UTC`). */
    timezone: timeZoneSchema,
    status: adAccountStatusSchema,
  })
  .strict();

/** Campaign state: platforms' values mapped (`ENABLED` → active, `REMOVED` → deleted…). */
export const campaignStatusSchema = z.enum(['active', 'paused', 'archived', 'deleted']);

/** What the campaign optimises for, unified across platforms; `other` when nothing fits. */
export const campaignObjectiveSchema = z.enum([
  'awareness',
  'reach',
  'traffic',
  'engagement',
  'video_views',
  'leads',
  'app_promotion',
  'sales',
  'other',
]);

/** One campaign, as its platform describes it now. */
export const campaignSchema = z
  .object({
    externalId: externalIdSchema,
    accountExternalId: externalIdSchema,
    name: z.string().min(1).max(1000),
    status: campaignStatusSchema,
    objective: campaignObjectiveSchema,
    /** Daily budget in minor units of `currency`; `null` when the budget lives elsewhere (ad sets, lifetime, shared). */
    dailyBudgetCents: nonNegativeInteger.nullable(),
    currency: currencyCodeSchema,
  })
  .strict();

/** The attribution the platform used for the conversions in a row, when it says. */
export const attributionSchema = z
  .object({
    clickThroughDays: z.number().int().min(0).max(90),
    viewThroughDays: z.number().int().min(0).max(90),
  })
  .strict();

/**
 * One campaign's performance on one calendar day of its account's time zone. Money is in
 * integer minor units of `currency` (the account's); conversions may be fractional because
 * some platforms (Google Ads) attribute fractions of a conversion.
 */
export const dailyMetricSchema = z
  .object({
    accountExternalId: externalIdSchema,
    campaignExternalId: externalIdSchema,
    date: calendarDaySchema,
    impressions: nonNegativeInteger,
    clicks: nonNegativeInteger,
    conversions: z.number().nonnegative().finite(),
    spendCents: nonNegativeInteger,
    revenueCents: nonNegativeInteger,
    currency: currencyCodeSchema,
    attribution: attributionSchema.optional(),
  })
  .strict();

/** An ad account yielded by an `AdsSource`. */
export type AdAccount = z.infer<typeof adAccountSchema>;
/** One of {@link AD_PLATFORMS}. */
export type AdPlatform = z.infer<typeof adPlatformSchema>;
/** An ad account's status. */
export type AdAccountStatus = z.infer<typeof adAccountStatusSchema>;
/** A campaign yielded by an `AdsSource`. */
export type Campaign = z.infer<typeof campaignSchema>;
/** A campaign's status. */
export type CampaignStatus = z.infer<typeof campaignStatusSchema>;
/** A campaign's unified objective. */
export type CampaignObjective = z.infer<typeof campaignObjectiveSchema>;
/** Attribution windows of a metrics row. */
export type Attribution = z.infer<typeof attributionSchema>;
/** One campaign-day of metrics yielded by an `AdsSource`. */
export type DailyMetric = z.infer<typeof dailyMetricSchema>;
