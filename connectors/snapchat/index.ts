/** Snapchat Marketing API connector: OAuth refresh, client, errors, mapping, API version. */
export { SNAPCHAT_API_VERSION, SNAPCHAT_DEFAULT_AUTH_URL, SNAPCHAT_DEFAULT_BASE_URL } from './api-version.js';
export { createSnapchatClient } from './client.js';
export type {
  SnapchatAccountStatsRequest,
  SnapchatCampaignTimeseries,
  SnapchatClient,
  SnapchatClientOptions,
} from './client.js';
export { snapchatHttpError, snapchatOAuthError } from './errors.js';
export {
  DEFAULT_SNAPCHAT_CONVERSION_MAPPING,
  currencyExponent,
  mapAdAccount,
  mapCampaign,
  mapTimeseriesEntry,
  microsToMinorUnits,
  minorUnitsToMicros,
  statsFields,
} from './mapping.js';
export type {
  Mapped,
  SnapchatConversionMapping,
  UnifiedAccount,
  UnifiedCampaign,
  UnifiedCampaignStatus,
  UnifiedDailyMetric,
} from './mapping.js';
export { createSnapchatTokenSource } from './oauth.js';
export type {
  SnapchatTokenSource,
  SnapchatTokenSourceOptions,
  SnapchatTokenStore,
  StoredSnapchatToken,
} from './oauth.js';
export { localMidnight, nextDay } from './time.js';
