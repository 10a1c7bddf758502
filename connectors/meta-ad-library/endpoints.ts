/**
 * The `ads_archive` search (reference §6): by Page ids or by keywords, always with the countries
 * the ads reached (the API refuses a search without them), fields named explicitly.
 */
import type { MetaParams } from '../meta/index.js';

export const AD_LIBRARY_PATH = 'ads_archive';

/** Page ids one search may name (reference §6, marked "verify": split longer lists). */
export const MAX_PAGE_IDS_PER_SEARCH = 10;

export const AD_LIBRARY_FIELDS = [
  'id',
  'ad_creation_time',
  'ad_delivery_start_time',
  'ad_delivery_stop_time',
  'ad_creative_bodies',
  'ad_creative_link_titles',
  'ad_creative_link_descriptions',
  'ad_creative_link_captions',
  'ad_snapshot_url',
  'page_id',
  'page_name',
  'publisher_platforms',
  'languages',
  'currency',
  'spend',
  'impressions',
].join(',');

export type AdLibrarySearch =
  | { readonly by: 'pages'; readonly pageIds: readonly string[] }
  | { readonly by: 'keywords'; readonly terms: string; readonly exactPhrase?: boolean };

export interface AdLibraryQuery {
  readonly search: AdLibrarySearch;
  /** ISO 3166-1 alpha-2; at least one. */
  readonly countries: readonly string[];
  /** `YYYY-MM-DD`: only ads delivered on or after this day (incremental runs). */
  readonly deliveredSince?: string | undefined;
  readonly activeStatus?: 'ACTIVE' | 'INACTIVE' | 'ALL';
  readonly pageSize?: number;
}

/** The query string of one search; throws a TypeError for a search the API would refuse. */
export function adLibraryParams(query: AdLibraryQuery): MetaParams {
  if (query.countries.length === 0) throw new TypeError('ads_archive needs at least one country');
  const search: MetaParams =
    query.search.by === 'pages'
      ? pageSearch(query.search.pageIds)
      : {
          search_terms: query.search.terms,
          search_type: query.search.exactPhrase === true ? 'KEYWORD_EXACT_PHRASE' : 'KEYWORD_UNORDERED',
        };
  return {
    ...search,
    ad_reached_countries: JSON.stringify(query.countries),
    ad_type: 'ALL',
    ad_active_status: query.activeStatus ?? 'ALL',
    fields: AD_LIBRARY_FIELDS,
    limit: query.pageSize ?? 250,
    ...(query.deliveredSince === undefined ? {} : { ad_delivery_date_min: query.deliveredSince }),
  };
}

function pageSearch(pageIds: readonly string[]): MetaParams {
  if (pageIds.length === 0 || pageIds.length > MAX_PAGE_IDS_PER_SEARCH)
    throw new TypeError(`ads_archive takes 1–${MAX_PAGE_IDS_PER_SEARCH} page ids per search`);
  return { search_page_ids: JSON.stringify(pageIds) };
}
