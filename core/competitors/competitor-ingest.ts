/**
 * Ingest of competitors' ads on the `intel` queue: one job per (tenant, competitor-source
 * installation) walks the tenant's competitors, asks the source for ads since each competitor's
 * checkpoint and stores every page before saving the checkpoint after it (a crash resumes there).
 */
import type { JobService } from '../jobs/job-service.js';
import type { CompetitorSource, JsonObject, PluginCapabilities } from '../plugin-api/index.js';
import type { PluginRuntime } from '../plugins/plugin-runtime.js';
import type { CompetitorAdRepository } from './competitor-ad.repository.js';
import type { CompetitorRepository } from './competitor.repository.js';

export const COMPETITOR_INGEST_JOB = 'competitors.ingest';

export interface IngestOutcome {
  readonly competitors: number;
  readonly apiCalls: number;
  readonly created: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly rejected: number;
}

export interface CompetitorIngestDeps {
  readonly competitors: CompetitorRepository;
  readonly ads: CompetitorAdRepository;
  readonly sourceOf: (tenantId: string, pluginId: string) => Promise<CompetitorSource>;
  /** Plugin ids of the tenant's enabled `competitor-source` installations. */
  readonly enabledSources: (tenantId: string) => Promise<readonly string[]>;
  readonly now: () => Date;
}

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export async function ingestCompetitorAds(
  deps: CompetitorIngestDeps,
  tenantId: string,
  pluginId: string,
  signal: AbortSignal,
): Promise<IngestOutcome> {
  const source = await deps.sourceOf(tenantId, pluginId);
  const totals = { competitors: 0, apiCalls: 0, created: 0, changed: 0, unchanged: 0, rejected: 0 };
  for (const competitor of await deps.competitors.all(tenantId)) {
    if (competitor.countries.length === 0) continue;
    if (competitor.metaPageIds.length === 0 && competitor.searchTerms.length === 0) continue;
    signal.throwIfAborted();
    totals.competitors += 1;
    const saved = await deps.competitors.sourceState(tenantId, competitor.id, pluginId);
    const query = {
      competitorId: competitor.id,
      name: competitor.name,
      pageIds: competitor.metaPageIds,
      searchTerms: competitor.searchTerms,
      countries: competitor.countries,
    };
    for await (const batch of source.adsSince(query, isJsonObject(saved) ? saved : undefined, { signal })) {
      const outcome = await deps.ads.upsert(tenantId, pluginId, batch.rows, deps.now());
      await deps.competitors.saveSourceState(tenantId, competitor.id, pluginId, batch.state);
      totals.apiCalls += batch.apiCalls;
      totals.created += outcome.created;
      totals.changed += outcome.changed;
      totals.unchanged += outcome.unchanged;
      totals.rejected += batch.rejected?.length ?? 0;
    }
  }
  return totals;
}

/** The source of an installation of kind `competitor-source`. */
export function competitorSourceFrom(runtime: Pick<PluginRuntime, 'open'>) {
  return async (tenantId: string, pluginId: string): Promise<CompetitorSource> => {
    const opened = await runtime.open(tenantId, pluginId);
    if (opened.manifest.kind !== 'competitor-source')
      throw new TypeError(`Plugin ${pluginId} is not a competitor source`);
    return (opened.capabilities as PluginCapabilities<'competitor-source'>).competitors;
  };
}

export function defineCompetitorJobs(jobs: JobService, deps: CompetitorIngestDeps): void {
  jobs.define({
    name: COMPETITOR_INGEST_JOB,
    queue: 'intel',
    handler: async (job) => {
      const named = job.data['pluginId'];
      const pluginIds = typeof named === 'string' ? [named] : await deps.enabledSources(job.data.tenantId);
      for (const pluginId of pluginIds)
        await ingestCompetitorAds(deps, job.data.tenantId, pluginId, job.signal);
    },
  });
}

/** Queues one ingest of every enabled source; a refresh still queued absorbs the next request. */
export function enqueueCompetitorIngest(jobs: JobService, tenantId: string): Promise<string> {
  return jobs.enqueue(COMPETITOR_INGEST_JOB, { tenantId }, { uniqueKey: 'competitors-refresh' });
}
