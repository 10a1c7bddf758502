/**
 * Meta Marketing API connector: a pure client (HTTP through the given client, no storage) with
 * error classification, usage-header pacing, cursor paging, async insights reports and the
 * mapping of raw objects to the unified records.
 * @packageDocumentation
 */
export { META_API_VERSION, META_API_VERSION_PATTERN, metaApiVersionInfo } from './api-version.js';
export { META_DEFAULT_BASE_URL, createMetaClient } from './client.js';
export type {
  MetaClient,
  MetaClientOptions,
  MetaClientStats,
  MetaPage,
  MetaParams,
  MetaReportRun,
} from './client.js';
export {
  META_ACCOUNT_FIELDS,
  META_CAMPAIGN_EFFECTIVE_STATUSES,
  META_CAMPAIGN_FIELDS,
  META_INSIGHTS_FIELDS,
  META_REPORT_DONE,
  META_REPORT_FAILED,
  campaignsParams,
  insightsParams,
} from './endpoints.js';
export type { MetaDayRange } from './endpoints.js';
export { classifyMetaResponse, readGraphError } from './errors.js';
export type { MetaGraphError } from './errors.js';
export {
  DEFAULT_PURCHASE_ACTION_TYPES,
  mapAccount,
  mapCampaign,
  mapInsightsRow,
  toActId,
} from './mapping.js';
export type {
  InsightsMappingOptions,
  Mapped,
  MetaAccountRecord,
  MetaCampaignRecord,
  MetaDailyMetricRecord,
} from './mapping.js';
export {
  countString,
  decimalToMinor,
  integerString,
  metaBudgetOffset,
  metaBudgetToMinor,
  minorToMetaBudget,
  minorUnitExponent,
} from './money.js';
export { parseMetaUsage } from './usage.js';
export type { MetaUsage } from './usage.js';
