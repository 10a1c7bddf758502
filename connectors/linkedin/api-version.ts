import type { ApiVersionInfo } from '../shared/index.js';

/**
 * The LinkedIn Marketing API version sent as `LinkedIn-Version`. LinkedIn's migrations page
 * publishes 202603 (March 2026) as sunsetting on March 16, 2027; a sunset version answers HTTP 426.
 */
export const LINKEDIN_API_VERSION: ApiVersionInfo = {
  version: '202603',
  sunsetDate: '2027-03-16',
  source: 'learn.microsoft.com/linkedin/marketing/integrations/migrations (202603: March 16, 2027)',
};

export const LINKEDIN_RESTLI_PROTOCOL_VERSION = '2.0.0';

/** The vendor's hosts; an installation's `apiBaseUrl` / `authBaseUrl` replace them. */
export const LINKEDIN_DEFAULT_BASE_URL = 'https://api.linkedin.com';
export const LINKEDIN_DEFAULT_AUTH_URL = 'https://www.linkedin.com';
