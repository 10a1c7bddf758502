import type { Connection } from 'mongoose';
import type { TenantContext } from '../tenancy/tenant-context.js';
import { createFxRateModel } from './fx/fx-rate.model.js';
import type { FxRateModel } from './fx/fx-rate.model.js';
import { createSyncRunModel } from './sync-run.model.js';
import type { SyncRunModel } from './sync-run.model.js';
import { createAdAccountModel, createCampaignModel, createMetricDailyModel } from './synced-data.model.js';
import type { AdAccountModel, CampaignModel, MetricDailyModel } from './synced-data.model.js';

/** The collections ingest owns. */
export interface IngestModels {
  readonly adAccounts: AdAccountModel;
  readonly campaigns: CampaignModel;
  readonly metricsDaily: MetricDailyModel;
  readonly syncRuns: SyncRunModel;
  /** Global (not tenant-scoped). */
  readonly fxRates: FxRateModel;
  /** Builds every index (autoIndex is off); call once at start. */
  ensureIndexes(): Promise<void>;
}

export function createIngestModels(connection: Connection, tenantContext: TenantContext): IngestModels {
  const models = {
    adAccounts: createAdAccountModel(connection, tenantContext),
    campaigns: createCampaignModel(connection, tenantContext),
    metricsDaily: createMetricDailyModel(connection, tenantContext),
    syncRuns: createSyncRunModel(connection, tenantContext),
    fxRates: createFxRateModel(connection),
  };
  return {
    ...models,
    async ensureIndexes() {
      for (const model of Object.values(models)) await model.createIndexes();
    },
  };
}
