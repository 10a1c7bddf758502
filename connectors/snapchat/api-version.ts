import type { ApiVersionInfo } from '../shared/index.js';

/** The Snapchat Marketing API version; Snap publishes no sunset date for v1 (reference §4.1). */
export const SNAPCHAT_API_VERSION: ApiVersionInfo = {
  version: 'v1',
  sunsetDate: null,
  source: 'ad-platform-apis.md §4.1 (no sunset published for v1)',
};

/** The vendor's hosts; an installation's `apiBaseUrl` / `authBaseUrl` replace them. */
export const SNAPCHAT_DEFAULT_BASE_URL = 'https://adsapi.snapchat.com';
export const SNAPCHAT_DEFAULT_AUTH_URL = 'https://accounts.snapchat.com';
