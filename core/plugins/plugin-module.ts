/**
 * The plugin host, wired from the composition root's deps: catalog, installations, secrets,
 * runtime, service and routes. Nothing here connects or listens; `ensureIndexes` is the one call
 * that does I/O and runs once at start.
 */
import type { Connection } from 'mongoose';
import type { Logger } from 'pino';
import type { AuditService } from '../audit/audit.service.js';
import type { Cache } from '../cache/cache.js';
import type { EventBus } from '../events/event-bus.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Clock, PluginRegistryEntry } from '../plugin-api/index.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import type { TenantService } from '../tenants/tenant.service.js';
import { createInstallationModel } from './installation.model.js';
import { createInstallationRepository } from './installation.repository.js';
import { createInstallationStateWriter } from './installation-state.js';
import { createPluginCatalog } from './plugin-catalog.js';
import type { PluginCatalog } from './plugin-catalog.js';
import type { KpiServiceFactory } from './plugin-context.js';
import type { PluginTimeouts } from './plugin-guard.js';
import { createPluginRuntime } from './plugin-runtime.js';
import type { PluginRuntime } from './plugin-runtime.js';
import { createPluginSecrets } from './plugin-secrets.js';
import { createPluginStateModel } from './plugin-state.model.js';
import { createPluginStateRepository } from './plugin-state-store.js';
import { createFieldCipher } from '../security/field-encryption.js';
import { keyringFor } from '../security/keyring-store.js';
import { createPluginRoutes } from './plugin.routes.js';
import { createPluginService } from './plugin.service.js';
import type { PluginService } from './plugin.service.js';
import type { EgressClientFactory, PluginDataPurger, PluginJobsPort, SyncStarter } from './ports.js';

export interface PluginModuleDeps {
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly logger: Logger;
  /** `config.encryptionKey`: secret fields are encrypted with it. */
  readonly encryptionKey: string;
  /** The static registry (`plugins/index.ts`), passed in so core imports no plugin. */
  readonly registry: readonly PluginRegistryEntry[];
  readonly audit: AuditService;
  readonly tenants: Pick<TenantService, 'get'>;
  readonly cache: Cache;
  readonly events: EventBus;
  readonly jobs: PluginJobsPort;
  readonly syncs: SyncStarter;
  readonly purger: PluginDataPurger;
  readonly egress?: EgressClientFactory;
  readonly kpis?: KpiServiceFactory;
  readonly now?: () => Date;
}

export interface PluginModuleOptions {
  readonly hostVersion?: string;
  readonly timeouts?: Partial<PluginTimeouts> & { readonly job?: number };
  /** Consecutive failures that suspend an installation (default 5). */
  readonly breakerThreshold?: number;
}

export interface PluginModule {
  readonly routes: readonly RouteDefinition[];
  readonly service: PluginService;
  readonly runtime: PluginRuntime;
  readonly catalog: PluginCatalog;
  ensureIndexes(): Promise<void>;
}

/** Throws `PluginCatalogError` listing every registry problem (bad manifest, duplicate id, host version). */
export function createPluginModule(deps: PluginModuleDeps, options: PluginModuleOptions = {}): PluginModule {
  const now = deps.now ?? (() => new Date());
  const clock: Clock = { now };
  const catalog = createPluginCatalog(deps.registry, { hostVersion: options.hostVersion });
  const models = {
    installations: createInstallationModel(deps.connection, deps.tenantContext),
    state: createPluginStateModel(deps.connection, deps.tenantContext),
  };
  const repository = createInstallationRepository(models.installations);
  const keyring = keyringFor(deps.connection, { encryptionKey: deps.encryptionKey });
  const stateRepository = createPluginStateRepository(
    models.state,
    createFieldCipher(deps.encryptionKey, keyring),
  );
  const secrets = createPluginSecrets(deps.encryptionKey, keyring);
  const logger = deps.logger.child({ module: 'plugins' });
  const state = createInstallationStateWriter({
    repository,
    audit: deps.audit,
    events: deps.events,
    jobs: deps.jobs,
    logger,
    now,
    breakerThreshold: options.breakerThreshold,
  });
  const runtime = createPluginRuntime({
    connection: deps.connection,
    logger,
    cache: deps.cache,
    events: deps.events,
    jobs: deps.jobs,
    stateRepository,
    egress: deps.egress,
    kpis: deps.kpis,
    clock,
    catalog,
    repository,
    secrets,
    state,
    tenants: deps.tenants,
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
  });
  const service = createPluginService({
    catalog,
    repository,
    stateRepository,
    secrets,
    runtime,
    state,
    jobs: deps.jobs,
    syncs: deps.syncs,
    purger: deps.purger,
    audit: deps.audit,
    events: deps.events,
    now,
  });
  return {
    routes: createPluginRoutes(service),
    service,
    runtime,
    catalog,
    async ensureIndexes() {
      for (const model of Object.values(models)) await model.createIndexes();
    },
  };
}
