/**
 * Meta Ad Library connector (`ads_archive`): a pure client over the Graph client of
 * connectors/meta. Spend and impressions come only as ranges and only for political and issue
 * ads; commercial ads are covered for EU delivery only (reference §6).
 * @packageDocumentation
 */
export { createAdLibraryClient } from './client.js';
export type { AdLibraryClient, AdLibraryClientOptions, AdLibraryPage } from './client.js';
export { AD_LIBRARY_FIELDS, AD_LIBRARY_PATH, MAX_PAGE_IDS_PER_SEARCH, adLibraryParams } from './endpoints.js';
export type { AdLibraryQuery, AdLibrarySearch } from './endpoints.js';
export { mapAdLibraryRow } from './mapping.js';
export type { AdLibraryAd, AdLibraryMoneyRange, AdLibraryRange, MappedAd } from './mapping.js';
