import type { ApiVersionInfo } from '../shared/index.js';

/**
 * The one Google Ads API version this connector speaks. Google publishes a projected sunset month
 * per major version (a major version lives about a year); v26's is November 2027. The first day
 * of that month is used so the warning comes early rather than late.
 */
export const GOOGLE_ADS_API_VERSION: ApiVersionInfo = {
  version: 'v26',
  sunsetDate: '2027-11-01',
  source:
    'https://developers.google.com/ads/blog/posts/2025/09/more-frequent-releases-coming-for (projected sunset: November 2027)',
};

/** Where the Google Ads REST API lives. */
export const GOOGLE_ADS_DEFAULT_BASE_URL = 'https://googleads.googleapis.com';

/** Google's OAuth 2.0 token endpoint (refresh-token grant). */
export const GOOGLE_OAUTH_TOKEN_URL = 'https://oauth2.googleapis.com/token';
