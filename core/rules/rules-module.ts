/**
 * Automation rules and alerts wired from the platform's parts: models, services, runner, jobs on
 * the `rules` queue, the `sync.completed` subscription and the routes. Core never imports the
 * rules plugin: the engine comes from the tenant's `rules` installation through the plugin runtime.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import { createAlertModels } from '../alerts/alert.model.js';
import { createAlertRepository } from '../alerts/alert.repository.js';
import { createAlertRoutes } from '../alerts/alert.routes.js';
import { createAlertService } from '../alerts/alert.service.js';
import type { AlertService } from '../alerts/alert.service.js';
import type { KpiService } from '../analytics/kpi.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { EventBus } from '../events/event-bus.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { CampaignModel } from '../ingest/synced-data.model.js';
import type { JobService } from '../jobs/job-service.js';
import type {
  CampaignActions,
  EgressHttpClient,
  PluginCapabilities,
  RulesEngine,
} from '../plugin-api/index.js';
import type { PluginRuntime } from '../plugins/plugin-runtime.js';
import type { PluginService } from '../plugins/plugin.service.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { createRuleModels } from './rule.model.js';
import type { RuleModels } from './rule.model.js';
import { createRuleRepository } from './rule.repository.js';
import { createRuleRoutes } from './rule.routes.js';
import { createRuleService } from './rule.service.js';
import type { RuleService } from './rule.service.js';
import { DEFAULT_RETRY_POLICY, createRuleExecutor } from './rule-executor.js';
import type { RetryPolicy } from './rule-executor.js';
import { createRuleNotifier } from './rule-notifier.js';
import { createRuleRunRepository } from './rule-run.repository.js';
import { createRuleRunner } from './rule-runner.js';
import type { RuleRunner } from './rule-runner.js';
import { createRuleCampaignReader } from './rule-snapshots.js';
import { createRuleUndo } from './rule-undo.js';
import type { RuleUndo } from './rule-undo.js';
import { defineRuleJobs, fireDueCronRules, scheduleCronTick, subscribeToSyncs } from './rule-jobs.js';

/** The plugin id whose installation provides a tenant's rules engine. */
export const RULES_PLUGIN_ID = 'rules';

export interface RulesModuleDeps {
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly jobs: JobService;
  readonly audit: AuditService;
  readonly tenants: { get(tenantId: string): Promise<{ readonly timezone: string }> };
  readonly kpis: Pick<KpiService, 'query'>;
  readonly campaigns: CampaignModel;
  readonly plugins: { readonly runtime: PluginRuntime; readonly service: Pick<PluginService, 'get'> };
  /** Outgoing webhooks of notify actions. */
  readonly http: EgressHttpClient;
  readonly now: () => Date;
  readonly retry?: RetryPolicy;
}

export interface RulesModule {
  readonly routes: readonly RouteDefinition[];
  readonly service: RuleService;
  readonly runner: RuleRunner;
  readonly undo: RuleUndo;
  /** The alerts read side (chat `alerts` intent, `<stratum-alerts>`) and the WhatsApp outbox. */
  readonly alerts: AlertService;
  readonly models: RuleModels;
  /** What one `rules.cron-tick` job does for a tenant: runs the cron rules that came due; returns how many. */
  tickCron(tenantId: string, signal?: AbortSignal): Promise<number>;
  /** The tenant's engine, `undefined` unless the rules plugin is installed and enabled. */
  engineOf(tenantId: string): Promise<RulesEngine | undefined>;
  ensureIndexes(): Promise<void>;
  /** Stops listening to the bus. */
  close(): void;
}

export function createRulesModule(deps: RulesModuleDeps): RulesModule {
  const models = createRuleModels(deps.connection, deps.tenantContext);
  const alertModels = createAlertModels(deps.connection, deps.tenantContext);
  const alerts = createAlertService({
    repository: createAlertRepository(alertModels),
    bus: deps.bus,
    now: deps.now,
  });
  const rules = createRuleRepository(models);
  const runs = createRuleRunRepository(models);
  const campaigns = createRuleCampaignReader(deps.campaigns);
  const logger = deps.logger.child({ module: 'rules' });

  const engineOf = async (tenantId: string): Promise<RulesEngine | undefined> => {
    const detail = await deps.plugins.service.get(tenantId, RULES_PLUGIN_ID).catch(() => undefined);
    if (detail?.installation?.enabled !== true) return undefined;
    const opened = await deps.plugins.runtime.open(tenantId, RULES_PLUGIN_ID);
    if (opened.manifest.kind !== 'rules') return undefined;
    return (opened.capabilities as PluginCapabilities<'rules'>).engine;
  };
  const actionsOf = (tenantId: string, pluginId: string): Promise<CampaignActions | undefined> =>
    deps.plugins.runtime.actions(tenantId, pluginId);

  const executor = createRuleExecutor({
    runs,
    audit: deps.audit,
    alerts,
    bus: deps.bus,
    notifier: createRuleNotifier({ alerts, http: deps.http }),
    actionsOf,
    now: deps.now,
    retry: deps.retry ?? DEFAULT_RETRY_POLICY,
  });
  const runner = createRuleRunner({
    runs,
    campaigns,
    kpis: deps.kpis,
    executor,
    engineOf,
    tenants: deps.tenants,
    now: deps.now,
  });
  const service = createRuleService({
    rules,
    runs,
    campaigns,
    kpis: deps.kpis,
    audit: deps.audit,
    engineOf,
    tenants: deps.tenants,
    onCronRule: (tenantId) => scheduleCronTick(deps.jobs, tenantId),
    now: deps.now,
  });
  const undo = createRuleUndo({ runs, audit: deps.audit, actionsOf, now: deps.now });
  const jobDeps = { jobs: deps.jobs, rules, runner, tenants: deps.tenants, logger, now: deps.now };
  defineRuleJobs(jobDeps);
  const unsubscribe = [subscribeToSyncs(deps.bus, deps.jobs, logger), alerts.subscribe(deps.bus)];

  return {
    routes: [...createRuleRoutes(service, undo), ...createAlertRoutes(alerts)],
    service,
    runner,
    undo,
    alerts,
    models,
    tickCron: (tenantId, signal) => fireDueCronRules(jobDeps, tenantId, signal),
    engineOf,
    async ensureIndexes() {
      await models.ensureIndexes();
      await alertModels.alerts.createIndexes();
      await alertModels.notificationRequests.createIndexes();
    },
    close() {
      for (const stop of unsubscribe) stop();
    },
  };
}
