import type { ApiVersionInfo } from '../shared/index.js';

/**
 * The TikTok API for Business version this connector speaks. TikTok publishes no sunset date for
 * v1.3 (reference §3.1); the date is `null` until it does.
 */
export const TIKTOK_API_VERSION: ApiVersionInfo = {
  version: 'v1.3',
  sunsetDate: null,
  source: 'ad-platform-apis.md §3.1 (no sunset published for v1.3)',
};

/** The vendor's host; `apiBaseUrl` of an installation replaces it. */
export const TIKTOK_DEFAULT_BASE_URL = 'https://business-api.tiktok.com';
