/** The edges, fields and parameters the connector uses (reference §1.2). */
import type { MetaParams } from './client.js';

export const META_ACCOUNT_FIELDS = 'id,account_id,name,currency,timezone_name,account_status';

export const META_CAMPAIGN_FIELDS = 'id,name,status,effective_status,objective,daily_budget,lifetime_budget';

/**
 * The campaigns edge leaves out archived and deleted campaigns unless asked (Meta's documented
 * default); their history still has spend, so every status is asked for.
 */
export const META_CAMPAIGN_EFFECTIVE_STATUSES = [
  'ACTIVE',
  'PAUSED',
  'ARCHIVED',
  'DELETED',
  'CAMPAIGN_PAUSED',
  'IN_PROCESS',
  'WITH_ISSUES',
] as const;

export const META_INSIGHTS_FIELDS = [
  'campaign_id',
  'campaign_name',
  'date_start',
  'date_stop',
  'account_currency',
  'spend',
  'impressions',
  'clicks',
  'actions',
  'action_values',
] as const;

/** An inclusive range of days in the ad account's time zone. */
export interface MetaDayRange {
  readonly since: string;
  readonly until: string;
}

/** Daily campaign rows of `range`: one row per campaign and day (`time_increment=1`). */
export function insightsParams(range: MetaDayRange, limit: number): MetaParams {
  return {
    level: 'campaign',
    time_increment: 1,
    time_range: JSON.stringify({ since: range.since, until: range.until }),
    fields: META_INSIGHTS_FIELDS.join(','),
    // Each ad set's own attribution setting, as Ads Manager shows it (reference §1.2).
    use_unified_attribution_setting: true,
    limit,
  };
}

export function campaignsParams(limit: number): MetaParams {
  return {
    fields: META_CAMPAIGN_FIELDS,
    effective_status: JSON.stringify(META_CAMPAIGN_EFFECTIVE_STATUSES),
    limit,
  };
}

/** Async job states (reference §1.2). */
export const META_REPORT_DONE = 'Job Completed';
export const META_REPORT_FAILED = new Set(['Job Failed', 'Job Skipped']);
