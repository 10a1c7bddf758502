import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { Cache } from '../cache/cache.js';
import type { EventBus } from '../events/event-bus.js';
import type {
  Clock,
  KpiService,
  PluginContext,
  PluginManifest,
  PluginPermission,
  TenantInfo,
} from '../plugin-api/index.js';
import { createBasicKpiService } from './basic-kpi-service.js';
import { createPluginCache } from './plugin-cache.js';
import { createPluginEventBus } from './plugin-event-bus.js';
import { createPluginHttp } from './plugin-http.js';
import { toPluginLogger } from './plugin-logger.js';
import { createPluginScheduler } from './plugin-scheduler.js';
import { createPluginStateStore } from './plugin-state-store.js';
import type { PluginStateRepository } from './plugin-state-store.js';
import type { EgressClientFactory, PluginJobsPort } from './ports.js';
import { createTenantDataAccess } from './tenant-data-access.js';

/** Builds the KPI service a plugin sees; the KPI issue passes its own. */
export type KpiServiceFactory = (tenant: TenantInfo, permissions: readonly PluginPermission[]) => KpiService;

/** Host parts every installation's context is made of. */
export interface PluginContextDeps {
  readonly connection: Connection;
  readonly logger: Logger;
  readonly cache: Cache;
  readonly events: EventBus;
  readonly jobs: PluginJobsPort;
  readonly stateRepository: PluginStateRepository;
  readonly egress?: EgressClientFactory | undefined;
  readonly clock: Clock;
  readonly kpis?: KpiServiceFactory | undefined;
}

export interface PluginContextInput {
  readonly manifest: PluginManifest;
  readonly installationId: string;
  readonly tenant: TenantInfo;
  /** Parsed by the manifest's schema, secrets decrypted. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The decrypted secret values, masked in everything the plugin logs. */
  readonly secrets: readonly string[];
}

export interface BuiltPluginContext {
  readonly context: PluginContext;
  /** Releases what the context holds (event subscriptions) when the installation is invalidated. */
  dispose(): void;
}

/** The context of one installation: every part bound to its tenant and plugin. */
export function buildPluginContext(deps: PluginContextDeps, input: PluginContextInput): BuiltPluginContext {
  const { manifest, tenant, installationId } = input;
  const pluginId = manifest.id;
  const permissions = manifest.permissions;
  const logger = deps.logger.child({
    pluginId,
    pluginVersion: manifest.version,
    tenantId: tenant.id,
    installationId,
  });
  const bus = createPluginEventBus(deps.events, { tenantId: tenant.id, permissions, logger });
  const kpis = deps.kpis ?? ((info, granted) => createBasicKpiService(deps.connection, info, granted));
  const context: PluginContext = {
    pluginId,
    tenant,
    config: input.config,
    logger: toPluginLogger(logger, input.secrets),
    data: createTenantDataAccess(deps.connection, tenant.id, permissions),
    state: createPluginStateStore(deps.stateRepository, { tenantId: tenant.id, pluginId }, () =>
      deps.clock.now(),
    ),
    kpis: kpis(tenant, permissions),
    scheduler: createPluginScheduler(deps.jobs, manifest, { tenantId: tenant.id, pluginId, installationId }),
    events: bus.events,
    cache: createPluginCache(deps.cache, { tenantId: tenant.id, pluginId }),
    clock: deps.clock,
    http: createPluginHttp(deps.egress, { pluginId, tenantId: tenant.id, permissions }),
  };
  return { context, dispose: () => bus.dispose() };
}
