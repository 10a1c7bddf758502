/**
 * KPI analytics wired from the composition root's deps: repository, service, routes. Reads the
 * collections ingest writes; creates no collection of its own.
 */
import type { Connection } from 'mongoose';
import type { Cache } from '../cache/cache.js';
import type { RouteDefinition } from '../http/define-route.js';
import { createKpiRepository } from './kpi.repository.js';
import { createKpiRoutes } from './kpi.routes.js';
import { createKpiService } from './kpi.service.js';
import type { KpiService, KpiTenantDirectory } from './kpi.service.js';

export interface AnalyticsModuleDeps {
  readonly connection: Connection;
  readonly cache: Cache;
  /** The tenant service (currency and time zone of each tenant). */
  readonly tenants: KpiTenantDirectory;
  readonly now?: () => Date;
}

export interface AnalyticsModule {
  readonly routes: readonly RouteDefinition[];
  readonly service: KpiService;
  /**
   * The indexes the KPI reads rely on — metricsDaily (tenantId, date), campaigns, adAccounts,
   * syncRuns (tenantId, queuedAt) — are declared and built by ingest's models; this only checks
   * that the one every answer needs exists, so a missing index fails at start, not as slow answers.
   */
  ensureIndexes(): Promise<void>;
}

export function createAnalyticsModule(deps: AnalyticsModuleDeps): AnalyticsModule {
  const repository = createKpiRepository(deps.connection);
  const service = createKpiService({
    repository,
    cache: deps.cache,
    tenants: deps.tenants,
    ...(deps.now === undefined ? {} : { now: deps.now }),
  });
  return {
    routes: createKpiRoutes(service),
    service,
    async ensureIndexes() {
      await deps.connection
        .collection('metricsDaily')
        .createIndex({ tenantId: 1, date: 1 }, { name: 'tenantId_1_date_1' });
    },
  };
}
