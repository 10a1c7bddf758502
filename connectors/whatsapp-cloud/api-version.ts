import type { ApiVersionInfo } from '../shared/index.js';

/**
 * The Graph API version the WhatsApp Cloud API calls use, pinned here only. WhatsApp endpoints
 * follow the plain Graph API lifecycle (v25.0 lives until 2028-07-29), not the shorter
 * Marketing API one.
 */
export const WHATSAPP_API_VERSION: ApiVersionInfo = {
  version: 'v25.0',
  sunsetDate: '2028-07-29',
  source: 'https://developers.facebook.com/docs/graph-api/changelog (Graph API version lifecycle)',
};

/** Graph versions are written `vNN.0`. */
export const WHATSAPP_API_VERSION_PATTERN = /^v\d{2,3}\.0$/;

export const WHATSAPP_DEFAULT_BASE_URL = 'https://graph.facebook.com';

/** Longest text body the messages endpoint accepts. */
export const WHATSAPP_TEXT_LIMIT = 4_096;
