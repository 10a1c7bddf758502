/**
 * Competitor intelligence wired from the platform's parts: the collections, the CRUD and ads
 * routes, and the ingest job on the `intel` queue (sources come from the tenant's
 * `competitor-source` installations through the plugin runtime; core imports no plugin).
 */
import type { Connection } from 'mongoose';
import type { RouteDefinition } from '../http/define-route.js';
import type { JobService } from '../jobs/job-service.js';
import type { PluginRuntime } from '../plugins/plugin-runtime.js';
import type { PluginService } from '../plugins/plugin.service.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { createCompetitorAdRepository } from './competitor-ad.repository.js';
import type { CompetitorAdRepository } from './competitor-ad.repository.js';
import {
  competitorSourceFrom,
  defineCompetitorJobs,
  enqueueCompetitorIngest,
  ingestCompetitorAds,
} from './competitor-ingest.js';
import type { IngestOutcome } from './competitor-ingest.js';
import { createCompetitorModels } from './competitor.model.js';
import type { CompetitorModels } from './competitor.model.js';
import { createCompetitorRepository } from './competitor.repository.js';
import { createCompetitorRoutes } from './competitor.routes.js';
import { createCompetitorService } from './competitor.service.js';
import type { CompetitorService } from './competitor.service.js';

export interface CompetitorsModuleDeps {
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly jobs: JobService;
  readonly runtime: Pick<PluginRuntime, 'open'>;
  readonly plugins: Pick<PluginService, 'list'>;
  readonly now: () => Date;
}

export interface CompetitorsModule {
  readonly routes: readonly RouteDefinition[];
  readonly service: CompetitorService;
  readonly ads: CompetitorAdRepository;
  readonly models: CompetitorModels;
  /** What one `competitors.ingest` job does (also for `stratum` commands and tests). */
  ingest(tenantId: string, pluginId: string, signal: AbortSignal): Promise<IngestOutcome>;
  ensureIndexes(): Promise<void>;
}

export function createCompetitorsModule(deps: CompetitorsModuleDeps): CompetitorsModule {
  const models = createCompetitorModels(deps.connection, deps.tenantContext);
  const competitors = createCompetitorRepository(models);
  const ads = createCompetitorAdRepository(models);
  const service = createCompetitorService({ competitors, ads, now: deps.now });
  const ingestDeps = {
    competitors,
    ads,
    sourceOf: competitorSourceFrom(deps.runtime),
    enabledSources: async (tenantId: string) =>
      (await deps.plugins.list(tenantId))
        .filter((plugin) => plugin.kind === 'competitor-source' && plugin.installation?.enabled === true)
        .map((plugin) => plugin.id),
    now: deps.now,
  };
  defineCompetitorJobs(deps.jobs, ingestDeps);
  return {
    routes: createCompetitorRoutes(service, (tenantId) => enqueueCompetitorIngest(deps.jobs, tenantId)),
    service,
    ads,
    models,
    ingest: (tenantId, pluginId, signal) => ingestCompetitorAds(ingestDeps, tenantId, pluginId, signal),
    ensureIndexes: () => models.ensureIndexes(),
  };
}
