/**
 * Conversions wired from the composition root: intake, delivery job on the `default` queue,
 * routes and indexes. Destinations come from the tenant's enabled `conversions` plugins.
 */
import type { Connection } from 'mongoose';
import type { JobService } from '../jobs/job-service.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { ConversionDestination, PluginCapabilities } from '../plugin-api/index.js';
import type { PluginModule } from '../plugins/plugin-module.js';
import { createFieldCipher } from '../security/field-encryption.js';
import { keyringFor } from '../security/keyring-store.js';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { createCapiEventModel } from './capi-event.model.js';
import { createCapiEventRepository } from './capi-event.repository.js';
import type { CapiEventRepository } from './capi-event.repository.js';
import { createClearDataSealer } from './clear-data-sealer.js';
import { createConversionsRoutes } from './conversions.routes.js';
import { createConversionsDelivery } from './delivery.service.js';
import type { ConversionsDelivery, DeliveryPolicy } from './delivery.service.js';
import type { DestinationsProvider } from './destinations.js';
import { createConversionsIntake } from './intake.service.js';
import type { ConversionsIntake } from './intake.service.js';

export const DELIVER_JOB = 'conversions.deliver';
const DELIVER_KEY = 'conversions-deliver';
/** Hashed events are kept 90 days (personal-data map), long enough for every platform's window. */
export const CAPI_EVENT_RETENTION_DAYS = 90;

export interface ConversionsModuleDeps {
  readonly connection: Connection;
  readonly tenantContext: TenantContext;
  readonly encryptionKey: string;
  readonly jobs: JobService;
  readonly plugins: Pick<PluginModule, 'service' | 'runtime'>;
  readonly now?: () => Date;
  readonly policy?: Partial<DeliveryPolicy>;
}

export interface ConversionsModule {
  readonly routes: readonly RouteDefinition[];
  readonly intake: ConversionsIntake;
  readonly delivery: ConversionsDelivery;
  readonly repository: CapiEventRepository;
  readonly destinations: DestinationsProvider;
  ensureIndexes(): Promise<void>;
}

/** Enabled installations of kind `conversions`, opened through the plugin runtime. */
export function pluginDestinations(plugins: Pick<PluginModule, 'service' | 'runtime'>): DestinationsProvider {
  return {
    async forTenant(tenantId) {
      const summaries = await plugins.service.list(tenantId);
      const destinations = new Map<string, ConversionDestination>();
      for (const summary of summaries) {
        if (summary.kind !== 'conversions' || summary.installation?.enabled !== true) continue;
        const opened = await plugins.runtime.open(tenantId, summary.id);
        const capabilities = opened.capabilities as PluginCapabilities<'conversions'>;
        for (const destination of capabilities.conversions.destinations())
          destinations.set(destination.platform, destination);
      }
      return [...destinations.values()];
    },
  };
}

export function createConversionsModule(deps: ConversionsModuleDeps): ConversionsModule {
  const now = deps.now ?? (() => new Date());
  const model = createCapiEventModel(deps.connection, deps.tenantContext);
  const repository = createCapiEventRepository(model);
  const sealer = createClearDataSealer(
    createFieldCipher(deps.encryptionKey, keyringFor(deps.connection, { encryptionKey: deps.encryptionKey })),
  );
  const destinations = pluginDestinations(deps.plugins);
  const intake = createConversionsIntake({
    repository,
    destinations,
    sealer,
    now,
    retentionMs: CAPI_EVENT_RETENTION_DAYS * 86_400_000,
    onPending: async (tenantId) => {
      await deps.jobs.enqueue(DELIVER_JOB, { tenantId }, { uniqueKey: DELIVER_KEY });
    },
  });
  const delivery = createConversionsDelivery({
    repository,
    destinations,
    sealer,
    now,
    ...(deps.policy === undefined ? {} : { policy: deps.policy }),
  });
  deps.jobs.define({
    name: DELIVER_JOB,
    queue: 'default',
    handler: async (job) => {
      const report = await delivery.deliverDue(job.data.tenantId, job.signal);
      if (report.nextDueAt !== undefined)
        await deps.jobs.enqueue(
          DELIVER_JOB,
          { tenantId: job.data.tenantId },
          { uniqueKey: DELIVER_KEY, runAt: report.nextDueAt },
        );
    },
  });
  return {
    routes: createConversionsRoutes({ intake, repository, now }),
    intake,
    delivery,
    repository,
    destinations,
    ensureIndexes: async () => {
      await model.createCollection().catch(() => undefined);
      await model.createIndexes();
    },
  };
}
