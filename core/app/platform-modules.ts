/**
 * The plugin platform wired from the composition root's deps: job queues, ingest, the plugin
 * host, egress, and the jobs that join them. Nothing here listens or starts workers; `start`
 * work is the caller's (`startWorkers`), and `ensureIndexes` is the one I/O at start.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { createAnalyticsModule } from '../analytics/analytics-module.js';
import { createCompetitorsModule } from '../competitors/competitors-module.js';
import type { CompetitorsModule } from '../competitors/competitors-module.js';
import type { AnalyticsModule } from '../analytics/analytics-module.js';
import type { Cache } from '../cache/cache.js';
import type { Config } from '../config/load-config.js';
import { createEgressClient } from '../egress/egress-client.js';
import { egressLoggerFromPino } from '../egress/egress-logger.js';
import type { EgressClient } from '../egress/egress-client.js';
import type { EventBus } from '../events/event-bus.js';
import type { RouteDefinition } from '../http/define-route.js';
import { ensureDemoFxRates } from '../ingest/fx/demo-rates.js';
import { createFxService } from '../ingest/fx/fx-table.js';
import { createIngestModels } from '../ingest/ingest-models.js';
import type { IngestModels } from '../ingest/ingest-models.js';
import { createSyncRunRoutes } from '../ingest/sync-run.routes.js';
import { createSyncRunner } from '../ingest/sync-runner.js';
import type { SyncRunner } from '../ingest/sync-runner.js';
import { createSyncRuns } from '../ingest/sync-runs.js';
import type { SyncRuns } from '../ingest/sync-runs.js';
import { createJobRoutes } from '../jobs/job.routes.js';
import { createConversionsModule } from '../conversions/conversions-module.js';
import type { ConversionsModule } from '../conversions/conversions-module.js';
import { createPrivacyModule } from '../privacy/privacy-module.js';
import type { PrivacyModule } from '../privacy/privacy-module.js';
import { createMlRoutes } from '../ml/ml.routes.js';
import { createMlService } from '../ml/ml.service.js';
import type { MlService } from '../ml/ml.service.js';
import { createJobService } from '../jobs/job-service.js';
import type { JobService } from '../jobs/job-service.js';
import type { QueuePolicyOverrides } from '../jobs/queues.js';
import type { PluginRegistryEntry, TenantInfo } from '../plugin-api/index.js';
import { createPluginKpiServiceFactory } from '../plugins/basic-kpi-service.js';
import { createPluginCatalog } from '../plugins/plugin-catalog.js';
import { createPluginModule } from '../plugins/plugin-module.js';
import type { PluginModule, PluginModuleOptions } from '../plugins/plugin-module.js';
import {
  createPluginDataPurger,
  createPluginJobsPort,
  createSyncStarter,
  definePluginJobs,
} from '../sync/plugin-jobs.js';
import type { SyncJobHandlerDeps } from '../sync/plugin-jobs.js';
import { assertKnownPermissions } from '../rbac/route-guard.js';
import { createRulesModule } from '../rules/rules-module.js';
import type { RulesModule } from '../rules/rules-module.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import type { CoreServices } from './core-modules.js';

export interface PlatformDeps {
  readonly connection: Connection;
  readonly config: Pick<Config, 'encryptionKey' | 'egressAllow'>;
  readonly logger: Logger;
  readonly cache: Cache;
  readonly tenantContext: TenantContext;
  readonly services: Pick<CoreServices, 'audit' | 'tenants'>;
  readonly bus: EventBus;
  /** The static registry (`plugins/index.ts`); core never imports a plugin itself. */
  readonly registry: readonly PluginRegistryEntry[];
  readonly now?: () => Date;
}

export interface PlatformOptions {
  readonly plugins?: PluginModuleOptions;
  readonly queuePolicies?: QueuePolicyOverrides;
  readonly processEveryMs?: number;
}

export interface PlatformModules {
  readonly routes: readonly RouteDefinition[];
  readonly jobs: JobService;
  readonly plugins: PluginModule;
  /** The KPI service every consumer (API, plugins, chat, widgets) reads numbers through. */
  readonly analytics: AnalyticsModule;
  readonly ingest: {
    readonly models: IngestModels;
    readonly syncRuns: SyncRuns;
    readonly runner: SyncRunner;
  };
  /** What `plugin.sync` runs with; `stratum sync` runs the same in the foreground. */
  readonly sync: SyncJobHandlerDeps;
  readonly egress: EgressClient;
  /** Budget advice (response curves, forecasts, optimisation) from the tenant's predictor plugin. */
  readonly ml: MlService;
  /** Automation rules (evaluation on the `rules` queue) and alerts. */
  readonly rules: RulesModule;
  /** Server-to-server conversions: intake, quality, delivery to the tenant's conversions plugins. */
  readonly conversions: ConversionsModule;
  /** GDPR: personal-data map, export, erasure, retention job. */
  readonly privacy: PrivacyModule;
  /** Tracked competitors, their ads (ingest on the `intel` queue). */
  readonly competitors: CompetitorsModule;
  /** Indexes of every platform collection, and the demo FX table where days are missing. */
  ensureIndexes(): Promise<void>;
  /** Releases plugin instances and egress sockets (workers are stopped through `jobs.stop`). */
  close(): Promise<void>;
}

function tenantInfoLoader(tenants: CoreServices['tenants']): { get(tenantId: string): Promise<TenantInfo> } {
  return {
    async get(tenantId) {
      const tenant = await tenants.get(tenantId);
      return { id: tenant.id, slug: tenant.slug, currency: tenant.currency, timezone: tenant.timezone };
    },
  };
}

export function createPlatformModules(deps: PlatformDeps, options: PlatformOptions = {}): PlatformModules {
  const now = deps.now ?? (() => new Date());
  const logger = deps.logger;
  const jobs = createJobService({
    connection: deps.connection,
    logger,
    now,
    ...(options.queuePolicies === undefined ? {} : { queuePolicies: options.queuePolicies }),
    ...(options.processEveryMs === undefined ? {} : { processEveryMs: options.processEveryMs }),
  });
  const models = createIngestModels(deps.connection, deps.tenantContext);
  const syncRuns = createSyncRuns(models.syncRuns);
  const runner = createSyncRunner({
    models,
    fx: createFxService(models),
    bus: deps.bus,
    cache: deps.cache,
    now,
    logger: logger.child({ module: 'ingest' }),
  });
  const egress = createEgressClient({
    allow: deps.config.egressAllow,
    logger: egressLoggerFromPino(logger.child({ module: 'egress' })),
  });
  const analytics = createAnalyticsModule({
    connection: deps.connection,
    cache: deps.cache,
    tenants: deps.services.tenants,
    now,
  });
  const hostVersion = options.plugins?.hostVersion;
  // The jobs port maps manifest job names to host jobs, so it reads the same catalog.
  const catalog = createPluginCatalog(deps.registry, hostVersion === undefined ? {} : { hostVersion });
  const jobsPort = createPluginJobsPort({ jobs, catalog });
  const plugins = createPluginModule(
    {
      connection: deps.connection,
      tenantContext: deps.tenantContext,
      logger,
      encryptionKey: deps.config.encryptionKey,
      registry: deps.registry,
      audit: deps.services.audit,
      tenants: deps.services.tenants,
      cache: deps.cache,
      events: deps.bus,
      jobs: jobsPort,
      syncs: createSyncStarter({ jobs, syncRuns, now }),
      purger: createPluginDataPurger({ models }),
      egress: (pluginId, tenantId) =>
        egress.bind({ logger: egressLoggerFromPino(logger.child({ module: 'egress', pluginId, tenantId })) }),
      kpis: createPluginKpiServiceFactory(analytics.service),
      now,
    },
    options.plugins,
  );
  const sync: SyncJobHandlerDeps = {
    jobs,
    catalog: plugins.catalog,
    models,
    syncRuns,
    runner,
    tenants: tenantInfoLoader(deps.services.tenants),
    now,
    runtime: plugins.runtime,
    plugins: plugins.service,
  };
  definePluginJobs(sync);
  const ml = createMlService({
    plugins: plugins.service,
    runtime: plugins.runtime,
    tenants: deps.services.tenants,
    now,
  });
  const rules = createRulesModule({
    connection: deps.connection,
    tenantContext: deps.tenantContext,
    logger,
    bus: deps.bus,
    jobs,
    audit: deps.services.audit,
    tenants: tenantInfoLoader(deps.services.tenants),
    kpis: analytics.service,
    campaigns: models.campaigns,
    plugins: { runtime: plugins.runtime, service: plugins.service },
    http: egress.bind({ logger: egressLoggerFromPino(logger.child({ module: 'egress', area: 'rules' })) }),
    now,
  });
  const conversions = createConversionsModule({
    connection: deps.connection,
    tenantContext: deps.tenantContext,
    encryptionKey: deps.config.encryptionKey,
    jobs,
    plugins,
    now,
  });
  const privacy = createPrivacyModule({
    connection: deps.connection,
    encryptionKey: deps.config.encryptionKey,
    audit: deps.services.audit,
    jobs,
    now,
  });
  const competitors = createCompetitorsModule({
    connection: deps.connection,
    tenantContext: deps.tenantContext,
    jobs,
    runtime: plugins.runtime,
    plugins: plugins.service,
    now,
  });

  const routes = [
    ...analytics.routes,
    ...plugins.routes,
    ...createSyncRunRoutes(syncRuns),
    ...createJobRoutes(jobs),
    ...createMlRoutes(ml),
    ...rules.routes,
    ...conversions.routes,
    ...privacy.routes,
    ...competitors.routes,
  ];
  assertKnownPermissions(routes);

  return {
    routes,
    jobs,
    plugins,
    analytics,
    ingest: { models, syncRuns, runner },
    sync,
    egress,
    ml,
    rules,
    conversions,
    privacy,
    competitors,
    async ensureIndexes() {
      await jobs.ensureIndexes();
      await models.ensureIndexes();
      await plugins.ensureIndexes();
      await analytics.ensureIndexes();
      await rules.ensureIndexes();
      await conversions.ensureIndexes();
      await competitors.ensureIndexes();
      // The daily retention job is installation-wide; scheduling is idempotent (unique key).
      await privacy.scheduleRetention();
      await ensureDemoFxRates(models);
    },
    async close() {
      rules.close();
      plugins.runtime.close();
      egress.close();
    },
  };
}
