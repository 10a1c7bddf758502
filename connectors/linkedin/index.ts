/** LinkedIn Marketing API connector: tokens, Rest.li encoding, client, errors, mapping, API version. */
export {
  LINKEDIN_API_VERSION,
  LINKEDIN_DEFAULT_AUTH_URL,
  LINKEDIN_DEFAULT_BASE_URL,
  LINKEDIN_RESTLI_PROTOCOL_VERSION,
} from './api-version.js';
export {
  LINKEDIN_CAMPAIGN_STATUSES,
  LINKEDIN_MAX_ANALYTICS_FIELDS,
  LINKEDIN_MAX_URL_LENGTH,
  createLinkedInClient,
} from './client.js';
export type { LinkedInClient, LinkedInClientOptions } from './client.js';
export { linkedinHttpError, linkedinOAuthError } from './errors.js';
export {
  DEFAULT_LINKEDIN_CONVERSION_MAPPING,
  analyticsFields,
  mapAdAccount,
  mapAnalyticsElement,
  mapCampaign,
} from './mapping.js';
export type {
  LinkedInConversionMapping,
  Mapped,
  UnifiedAccount,
  UnifiedCampaign,
  UnifiedCampaignStatus,
  UnifiedDailyMetric,
} from './mapping.js';
export { currencyExponent, decimalToMinorUnits, minorUnitsToDecimal } from './money.js';
export { createLinkedInTokenSource } from './oauth.js';
export type {
  LinkedInTokenSource,
  LinkedInTokenSourceOptions,
  LinkedInTokenStore,
  StoredLinkedInToken,
} from './oauth.js';
export {
  encodeRestliValue,
  restliDateRange,
  restliList,
  restliQuery,
  sponsoredAccountUrn,
  sponsoredCampaignUrn,
} from './restli.js';
