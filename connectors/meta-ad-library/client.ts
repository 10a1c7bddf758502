/**
 * The Ad Library client: the Graph client of connectors/meta (same envelope, error codes,
 * throttling in HTTP 400 bodies, usage-header pacing and retries) aimed at `ads_archive`, with
 * cursor paging and row mapping.
 */
import { createMetaClient } from '../meta/index.js';
import type { MetaClient, MetaClientOptions } from '../meta/index.js';
import { AD_LIBRARY_PATH, adLibraryParams } from './endpoints.js';
import type { AdLibraryQuery } from './endpoints.js';
import { mapAdLibraryRow } from './mapping.js';
import type { AdLibraryAd } from './mapping.js';

export type AdLibraryClientOptions = MetaClientOptions;

/** One page of a search: mapped ads, rows refused with a reason, and the cursor after them. */
export interface AdLibraryPage {
  readonly ads: readonly AdLibraryAd[];
  readonly rejected: readonly { readonly reason: string; readonly key?: string }[];
  /** `null` on the last page. */
  readonly after: string | null;
}

export interface AdLibraryClient {
  readonly graph: MetaClient;
  /** One page of the search; `after` is the previous page's cursor (`null`: the first page). */
  searchPage(query: AdLibraryQuery, after: string | null, signal?: AbortSignal): Promise<AdLibraryPage>;
}

export function createAdLibraryClient(options: AdLibraryClientOptions): AdLibraryClient {
  const graph = createMetaClient(options);
  return {
    graph,
    async searchPage(query, after, signal) {
      const page = await graph.page(AD_LIBRARY_PATH, adLibraryParams(query), after, signal);
      const ads: AdLibraryAd[] = [];
      const rejected: { reason: string; key?: string }[] = [];
      page.data.forEach((row, index) => {
        const mapped = mapAdLibraryRow(row);
        if (mapped.ok) ads.push(mapped.ad);
        else rejected.push({ reason: mapped.reason, key: `row ${index} after ${after ?? 'start'}` });
      });
      return { ads, rejected, after: page.hasNext ? page.after : null };
    },
  };
}
