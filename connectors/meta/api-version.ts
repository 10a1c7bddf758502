import type { ApiVersionInfo } from '../shared/index.js';

/**
 * The Marketing API version this connector speaks, with the expiration date Meta publishes in
 * its "Marketing API version history" table (v25.0: released 2026-02-18, expires 2027-02-23).
 * Marketing API versions expire sooner than the same Graph API version (v25.0 of the plain
 * Graph API lives until 2028-07-29), and the connector only calls Marketing API edges.
 */
export const META_API_VERSION: ApiVersionInfo = {
  version: 'v25.0',
  sunsetDate: '2027-02-23',
  source:
    'https://developers.facebook.com/documentation/ads-commerce/marketing-api/marketing-api-changelog/versions (reference §1.1)',
};

/**
 * Other versions an installation may pin (`apiVersion` in its config), with their published
 * expiration dates (`null`: "TBD" in Meta's table). Unknown versions get `sunsetDate: null`.
 */
const KNOWN_MARKETING_API_VERSIONS: Readonly<Record<string, string | null>> = {
  'v24.0': '2026-11-10',
  'v25.0': '2027-02-23',
  'v26.0': null,
  'v27.0': null,
};

/** Version info of `version` (default: {@link META_API_VERSION}). */
export function metaApiVersionInfo(version: string = META_API_VERSION.version): ApiVersionInfo {
  if (version === META_API_VERSION.version) return META_API_VERSION;
  return {
    version,
    sunsetDate: KNOWN_MARKETING_API_VERSIONS[version] ?? null,
    source: META_API_VERSION.source,
  };
}

/** Graph versions are written `vNN.0`. */
export const META_API_VERSION_PATTERN = /^v\d{2,3}\.0$/;
