/**
 * The Ad Library as a competitor source. Incremental by delivery day: the first run reads every
 * ad (active and inactive) of the competitor; later runs ask only for ads delivered since the
 * day the previous complete run started (`ad_delivery_date_min`), so old ads are not fetched
 * again. Paging resumes from the saved cursor after a crash.
 */
import { z } from 'zod';
import { createAdLibraryClient } from '../../connectors/meta-ad-library/index.js';
import type { AdLibraryClient, AdLibrarySearch } from '../../connectors/meta-ad-library/index.js';
import type { MetaClientOptions } from '../../connectors/meta/index.js';
import type {
  CompetitorAd,
  CompetitorQuery,
  CompetitorSource,
  PluginContext,
  SyncBatch,
} from '../../core/plugin-api/index.js';
import type { CompetitorsMetaAdLibraryConfig } from './config.js';
import { toPluginError } from './plugin-errors.js';

const stateSchema = z.object({
  /** Day the last complete run started; `null` before the first. */
  since: z.string().nullable(),
  /** Within a run: its `since`, its start day and the cursor after the last stored page. */
  runSince: z.string().nullable(),
  runDay: z.string(),
  after: z.string().nullable(),
});
export type AdLibraryState = z.output<typeof stateSchema>;

export function createAdLibraryClientFor(
  ctx: PluginContext<CompetitorsMetaAdLibraryConfig>,
  retry?: MetaClientOptions['retry'],
): AdLibraryClient {
  const config = ctx.config;
  return createAdLibraryClient({
    http: ctx.http,
    accessToken: config.accessToken,
    ...(config.apiBaseUrl === undefined ? {} : { baseUrl: config.apiBaseUrl }),
    ...(config.apiVersion === undefined ? {} : { apiVersion: config.apiVersion }),
    ...(retry === undefined ? {} : { retry }),
  });
}

function searchOf(query: CompetitorQuery): AdLibrarySearch {
  return query.pageIds.length > 0
    ? { by: 'pages', pageIds: query.pageIds }
    : { by: 'keywords', terms: query.searchTerms.join(' ') };
}

export function createAdLibrarySource(
  ctx: PluginContext<CompetitorsMetaAdLibraryConfig>,
  retry?: MetaClientOptions['retry'],
): CompetitorSource<AdLibraryState> {
  return {
    // The Ad Library has no advertiser search by name through this API: the console asks for Page ids.
    searchCompetitors: () => Promise.resolve([]),
    async *adsSince(query, rawState, callContext): AsyncIterable<SyncBatch<CompetitorAd, AdLibraryState>> {
      const previous = rawState === undefined ? undefined : stateSchema.parse(rawState);
      const resuming = previous !== undefined && previous.after !== null;
      const runSince = resuming ? previous.runSince : (previous?.since ?? null);
      const runDay = resuming ? previous.runDay : ctx.clock.now().toISOString().slice(0, 10);
      let after = resuming ? previous.after : null;
      const client = createAdLibraryClientFor(ctx, retry);
      for (;;) {
        const before = client.graph.stats.requests;
        const page = await client
          .searchPage(
            {
              search: searchOf(query),
              countries: query.countries,
              deliveredSince: runSince ?? undefined,
              pageSize: ctx.config.pageSize,
            },
            after,
            callContext.signal,
          )
          .catch((error: unknown) => {
            throw toPluginError(error, `searching the Ad Library for ${query.name}`);
          });
        const rows = page.ads.map((ad): CompetitorAd => ({ ...ad, competitorId: query.competitorId }));
        const done = page.after === null;
        const state: AdLibraryState = done
          ? { since: runDay, runSince: null, runDay, after: null }
          : { since: previous?.since ?? null, runSince, runDay, after: page.after };
        yield { rows, state, apiCalls: client.graph.stats.requests - before, rejected: page.rejected };
        if (done) return;
        after = page.after;
      }
    },
  };
}
