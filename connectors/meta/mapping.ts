/**
 * Raw Marketing API objects → unified records (reference §1.3 and §8). A value that cannot be
 * read is never guessed: the field is set to a value no record schema accepts (`NaN` for
 * numbers, `undefined` for ids) and the problem is listed, so the host rejects and reports that
 * one row and the rest of the sync goes on.
 */
import { countString, decimalToMinor, integerString, metaBudgetToMinor, minorUnitExponent } from './money.js';

/** The unified shapes the connector produces (structurally the plugin API's records). */
export interface MetaAccountRecord {
  readonly externalId: string;
  readonly platform: 'meta';
  readonly name: string;
  readonly currency: string;
  readonly timezone: string;
  readonly status: string;
}

export interface MetaCampaignRecord {
  readonly externalId: string;
  readonly accountExternalId: string;
  readonly name: string;
  readonly status: string;
  readonly objective: string;
  readonly dailyBudgetCents: number | null;
  readonly currency: string;
}

export interface MetaDailyMetricRecord {
  readonly accountExternalId: string;
  readonly campaignExternalId: string | undefined;
  readonly date: string | undefined;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly spendCents: number;
  readonly revenueCents: number;
  readonly currency: string;
}

/** A mapped row and what was wrong with it (empty when it is clean). */
export interface Mapped<TRecord> {
  readonly record: TRecord;
  readonly problems: readonly string[];
}

/**
 * Purchase action types in order of preference (reference §8): Meta reports one purchase under
 * several action types carrying the same number, so exactly one is counted, never their sum.
 */
export const DEFAULT_PURCHASE_ACTION_TYPES = [
  'omni_purchase',
  'purchase',
  'offsite_conversion.fb_pixel_purchase',
] as const;

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * `account_status` codes as Meta documents them on the AdAccount node (the reference lists the
 * field but not its values): 1 active, 2 disabled, 3 unsettled, 7 pending risk review,
 * 8 pending settlement, 9 in grace period, 100 pending closure, 101 closed, 201/202 any active/closed.
 */
const ACCOUNT_STATUSES: Readonly<Record<number, string>> = {
  1: 'active',
  2: 'disabled',
  3: 'disabled',
  7: 'pending',
  8: 'pending',
  9: 'active',
  100: 'pending',
  101: 'closed',
  201: 'active',
  202: 'closed',
};

const CAMPAIGN_STATUSES: Readonly<Record<string, string>> = {
  ACTIVE: 'active',
  PAUSED: 'paused',
  ARCHIVED: 'archived',
  DELETED: 'deleted',
};

/** Outcome-based objectives, and the legacy ones older campaigns still show (reference §1.3). */
const OBJECTIVES: Readonly<Record<string, string>> = {
  OUTCOME_SALES: 'sales',
  OUTCOME_LEADS: 'leads',
  OUTCOME_TRAFFIC: 'traffic',
  OUTCOME_ENGAGEMENT: 'engagement',
  OUTCOME_AWARENESS: 'awareness',
  OUTCOME_APP_PROMOTION: 'app_promotion',
  CONVERSIONS: 'sales',
  PRODUCT_CATALOG_SALES: 'sales',
  LINK_CLICKS: 'traffic',
  REACH: 'reach',
  BRAND_AWARENESS: 'awareness',
  VIDEO_VIEWS: 'video_views',
  LEAD_GENERATION: 'leads',
  APP_INSTALLS: 'app_promotion',
  POST_ENGAGEMENT: 'engagement',
  PAGE_LIKES: 'engagement',
  EVENT_RESPONSES: 'engagement',
  MESSAGES: 'engagement',
};

/** `act_<digits>` for any account id written with or without the prefix. */
export function toActId(accountId: string): string {
  return accountId.startsWith('act_') ? accountId : `act_${accountId}`;
}

export function mapAccount(raw: unknown): Mapped<MetaAccountRecord> {
  const row = asRecord(raw);
  const problems: string[] = [];
  const id =
    text(row['id']) ??
    (text(row['account_id']) === undefined ? undefined : toActId(String(row['account_id'])));
  const statusCode = row['account_status'];
  const status = typeof statusCode === 'number' ? ACCOUNT_STATUSES[statusCode] : undefined;
  if (status === undefined) problems.push(`unknown account_status ${JSON.stringify(statusCode)}`);
  return {
    record: {
      externalId: id ?? '',
      platform: 'meta',
      name: text(row['name']) ?? id ?? '',
      currency: text(row['currency']) ?? '',
      timezone: text(row['timezone_name']) ?? '',
      status: status ?? `unmapped:${String(statusCode)}`,
    },
    problems,
  };
}

export function mapCampaign(
  raw: unknown,
  account: { externalId: string; currency: string },
): Mapped<MetaCampaignRecord> {
  const row = asRecord(raw);
  const problems: string[] = [];
  const rawStatus = row['status'];
  const status = typeof rawStatus === 'string' ? CAMPAIGN_STATUSES[rawStatus] : undefined;
  if (status === undefined) problems.push(`unknown status ${JSON.stringify(rawStatus)}`);
  const rawObjective = row['objective'];
  // A new objective is still a campaign: `other` is the unified model's "nothing fits".
  const objective = typeof rawObjective === 'string' ? (OBJECTIVES[rawObjective] ?? 'other') : 'other';
  let dailyBudgetCents: number | null = null;
  if (row['daily_budget'] !== undefined && row['daily_budget'] !== '0') {
    const budget = metaBudgetToMinor(row['daily_budget'], account.currency);
    if (budget === undefined) problems.push(`unreadable daily_budget ${JSON.stringify(row['daily_budget'])}`);
    dailyBudgetCents = budget ?? Number.NaN;
  }
  return {
    record: {
      externalId: text(row['id']) ?? '',
      accountExternalId: account.externalId,
      name: text(row['name']) ?? '',
      status: status ?? `unmapped:${String(rawStatus)}`,
      objective,
      dailyBudgetCents,
      currency: account.currency,
    },
    problems,
  };
}

interface ActionEntry {
  readonly type: string;
  readonly value: unknown;
}

/** `undefined` when the field is not a list: then nothing derived from it can be trusted. */
function actionEntries(value: unknown, field: string, problems: string[]): ActionEntry[] | undefined {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${field} is not a list`);
    return undefined;
  }
  return value.flatMap((entry) => {
    const record = asRecord(entry);
    const type = text(record['action_type']);
    return type === undefined ? [] : [{ type, value: record['value'] }];
  });
}

/** The value of the first preferred action type present; missing means zero (reference §1.3). */
function pickAction(entries: readonly ActionEntry[], preferred: readonly string[]): ActionEntry | undefined {
  for (const type of preferred) {
    const found = entries.find((entry) => entry.type === type);
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface InsightsMappingOptions {
  /** Purchase action types in order of preference (default {@link DEFAULT_PURCHASE_ACTION_TYPES}). */
  readonly conversionActionTypes?: readonly string[];
}

function readNumber(
  value: unknown,
  field: string,
  read: (input: unknown) => number | undefined,
  problems: string[],
): number {
  const parsed = read(value);
  if (parsed === undefined)
    problems.push(`${field}: expected a numeric string, got ${JSON.stringify(value) ?? 'nothing'}`);
  return parsed ?? Number.NaN;
}

/** One `level=campaign&time_increment=1` insights row → one campaign-day. */
export function mapInsightsRow(
  raw: unknown,
  account: { externalId: string; currency: string },
  options: InsightsMappingOptions = {},
): Mapped<MetaDailyMetricRecord> {
  const row = asRecord(raw);
  const problems: string[] = [];
  const currency = text(row['account_currency']) ?? account.currency;
  const exponent = minorUnitExponent(currency);
  const preferred = options.conversionActionTypes ?? DEFAULT_PURCHASE_ACTION_TYPES;
  const actions = actionEntries(row['actions'], 'actions', problems);
  const values = actionEntries(row['action_values'], 'action_values', problems);
  const conversion = actions === undefined ? undefined : pickAction(actions, preferred);
  const revenue = values === undefined ? undefined : pickAction(values, preferred);
  const campaignId = text(row['campaign_id']);
  const date = text(row['date_start']);
  if (campaignId === undefined) problems.push('campaign_id is missing');
  if (date === undefined) problems.push('date_start is missing');
  else if (row['date_stop'] !== undefined && row['date_stop'] !== date)
    problems.push(`row spans ${date}..${String(row['date_stop'])}, not one day`);
  const dateValid = date !== undefined && (row['date_stop'] === undefined || row['date_stop'] === date);
  return {
    record: {
      accountExternalId: account.externalId,
      campaignExternalId: campaignId,
      date: dateValid ? date : undefined,
      impressions: readNumber(row['impressions'], 'impressions', integerString, problems),
      clicks: readNumber(row['clicks'], 'clicks', integerString, problems),
      conversions:
        actions === undefined
          ? Number.NaN
          : conversion === undefined
            ? 0
            : readNumber(conversion.value, `actions[${conversion.type}]`, countString, problems),
      spendCents: readNumber(row['spend'], 'spend', (value) => decimalToMinor(value, exponent), problems),
      revenueCents:
        values === undefined
          ? Number.NaN
          : revenue === undefined
            ? 0
            : readNumber(
                revenue.value,
                `action_values[${revenue.type}]`,
                (value) => decimalToMinor(value, exponent),
                problems,
              ),
      currency,
    },
    problems,
  };
}
