/**
 * Turns what a plugin yielded into stored documents: validates each row with the plugin-api
 * record schemas, drops rows that belong to another account (garbage, whatever the plugin
 * meant), converts money to the tenant's currency and upserts by natural key in one unordered
 * bulk write per batch through the driver. Tenancy is explicit in every filter: this path never
 * relies on the tenant context.
 */
import type { AnyBulkWriteOperation, Document } from 'mongodb';
import type { z } from 'zod';
import { adAccountSchema, campaignSchema, dailyMetricSchema } from '../plugin-api/index.js';
import type { AdAccount, Campaign, DailyMetric } from '../plugin-api/index.js';
import type { FxDayTable } from './fx/fx-table.js';
import type { IngestModels } from './ingest-models.js';
import type { SyncPhase } from './sync-run.model.js';
import type { SyncRunError } from './sync-runs.js';

/** Whose data a batch is, and when it was read. */
export interface IngestTarget {
  readonly tenantId: string;
  readonly tenantCurrency: string;
  readonly installationId: string;
  readonly pluginId: string;
  readonly syncedAt: Date;
}

export interface BatchResult {
  /** Valid rows written (upserted). */
  readonly written: number;
  readonly invalid: number;
  /** A sample of the rejected rows' reasons (at most {@link ERROR_SAMPLES_PER_BATCH}). */
  readonly errors: readonly SyncRunError[];
}

export interface AccountsResult extends BatchResult {
  readonly accounts: readonly AdAccount[];
}

/** Rejections reported per batch; the rest are only counted. */
export const ERROR_SAMPLES_PER_BATCH = 5;

/** Prepared operations of one batch, ready to write (split so a caller can overlap preparing and writing). */
export interface PreparedBatch {
  readonly operations: readonly AnyBulkWriteOperation<Document>[];
  readonly invalid: number;
  readonly errors: readonly SyncRunError[];
  readonly written: number;
}

export interface IngestWriter {
  writeAccounts(target: IngestTarget, rows: readonly unknown[]): Promise<AccountsResult>;
  prepareCampaigns(target: IngestTarget, account: AdAccount, rows: readonly unknown[]): PreparedBatch;
  prepareMetrics(
    target: IngestTarget,
    account: AdAccount,
    campaignIds: ReadonlySet<string>,
    fx: FxDayTable,
    rows: readonly unknown[],
  ): PreparedBatch;
  writeCampaigns(batch: PreparedBatch): Promise<BatchResult>;
  writeMetrics(batch: PreparedBatch): Promise<BatchResult>;
  /** External ids of the account's stored campaigns: the only campaigns its metrics may name. */
  campaignIdsOf(target: IngestTarget, account: AdAccount): Promise<Set<string>>;
}

class Rejections {
  invalid = 0;
  readonly errors: SyncRunError[] = [];

  constructor(
    private readonly phase: SyncPhase,
    private readonly accountExternalId: string | undefined,
    private readonly at: Date,
  ) {}

  reject(code: string, message: string): void {
    this.invalid += 1;
    if (this.errors.length >= ERROR_SAMPLES_PER_BATCH) return;
    this.errors.push({
      at: this.at,
      code,
      message,
      phase: this.phase,
      ...(this.accountExternalId === undefined ? {} : { accountExternalId: this.accountExternalId }),
    });
  }
}

function parseRow<TRow>(schema: z.ZodType<TRow>, row: unknown, rejections: Rejections): TRow | undefined {
  const result = schema.safeParse(row);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? 'row' : issue.path.map(String).join('.');
  rejections.reject('INGEST_ROW_INVALID', `Invalid row: ${where}: ${issue?.message ?? 'invalid'}`);
  return undefined;
}

function belongsTo(
  row: { accountExternalId: string; currency: string },
  account: AdAccount,
  rejections: Rejections,
): boolean {
  if (row.accountExternalId !== account.externalId) {
    rejections.reject(
      'INGEST_ROW_FOREIGN',
      `Row of account ${row.accountExternalId} yielded while syncing ${account.externalId}`,
    );
    return false;
  }
  if (row.currency !== account.currency) {
    rejections.reject(
      'INGEST_CURRENCY_MISMATCH',
      `Row in ${row.currency}, but the account's currency is ${account.currency}`,
    );
    return false;
  }
  return true;
}

function campaignOperation(
  target: IngestTarget,
  account: AdAccount,
  row: Campaign,
): AnyBulkWriteOperation<Document> {
  return {
    updateOne: {
      filter: { tenantId: target.tenantId, platform: account.platform, externalId: row.externalId },
      update: {
        $set: {
          installationId: target.installationId,
          pluginId: target.pluginId,
          accountId: account.externalId,
          name: row.name,
          status: row.status,
          objective: row.objective,
          dailyBudgetCents: row.dailyBudgetCents,
          currency: row.currency,
          syncedAt: target.syncedAt,
        },
      },
      upsert: true,
    },
  };
}

function metricOperation(
  target: IngestTarget,
  account: AdAccount,
  row: DailyMetric,
  fx: FxDayTable,
): AnyBulkWriteOperation<Document> {
  const converter = fx.converter(row.date, row.currency, target.tenantCurrency);
  const fields: Record<string, unknown> = {
    installationId: target.installationId,
    pluginId: target.pluginId,
    accountId: account.externalId,
    impressions: row.impressions,
    clicks: row.clicks,
    conversions: row.conversions,
    spendCents: row.spendCents,
    revenueCents: row.revenueCents,
    currency: row.currency,
    spendCentsTenant: converter === undefined ? null : converter.convert(row.spendCents),
    revenueCentsTenant: converter === undefined ? null : converter.convert(row.revenueCents),
    tenantCurrency: target.tenantCurrency,
    fxMissing: converter === undefined,
    syncedAt: target.syncedAt,
  };
  if (row.attribution !== undefined) fields['attribution'] = { ...row.attribution };
  return {
    updateOne: {
      filter: {
        tenantId: target.tenantId,
        platform: account.platform,
        campaignId: row.campaignExternalId,
        date: row.date,
      },
      update:
        row.attribution === undefined ? { $set: fields, $unset: { attribution: '' } } : { $set: fields },
      upsert: true,
    },
  };
}

/** The last row of a natural key wins, so one unordered bulk write never upserts a key twice. */
function lastPerKey(keyed: Map<string, AnyBulkWriteOperation<Document>>): AnyBulkWriteOperation<Document>[] {
  return [...keyed.values()];
}

export function createIngestWriter(models: IngestModels): IngestWriter {
  const write = async (
    collection: IngestModels['campaigns']['collection'],
    batch: PreparedBatch,
  ): Promise<BatchResult> => {
    if (batch.operations.length > 0)
      await collection.bulkWrite(batch.operations as AnyBulkWriteOperation<Document>[], { ordered: false });
    return { written: batch.written, invalid: batch.invalid, errors: batch.errors };
  };
  return {
    async writeAccounts(target, rows) {
      const rejections = new Rejections('accounts', undefined, target.syncedAt);
      const keyed = new Map<string, AdAccount>();
      for (const row of rows) {
        const account = parseRow(adAccountSchema, row, rejections);
        if (account !== undefined) keyed.set(`${account.platform}|${account.externalId}`, account);
      }
      const accounts = [...keyed.values()];
      const operations = accounts.map((account) => ({
        updateOne: {
          filter: { tenantId: target.tenantId, platform: account.platform, externalId: account.externalId },
          update: {
            $set: {
              installationId: target.installationId,
              pluginId: target.pluginId,
              name: account.name,
              currency: account.currency,
              timezone: account.timezone,
              status: account.status,
              syncedAt: target.syncedAt,
            },
          },
          upsert: true,
        },
      }));
      if (operations.length > 0) await models.adAccounts.collection.bulkWrite(operations, { ordered: false });
      return { written: accounts.length, invalid: rejections.invalid, errors: rejections.errors, accounts };
    },
    prepareCampaigns(target, account, rows) {
      const rejections = new Rejections('campaigns', account.externalId, target.syncedAt);
      const keyed = new Map<string, AnyBulkWriteOperation<Document>>();
      for (const row of rows) {
        const campaign = parseRow(campaignSchema, row, rejections);
        if (campaign === undefined || !belongsTo(campaign, account, rejections)) continue;
        keyed.set(campaign.externalId, campaignOperation(target, account, campaign));
      }
      return {
        operations: lastPerKey(keyed),
        written: keyed.size,
        invalid: rejections.invalid,
        errors: rejections.errors,
      };
    },
    prepareMetrics(target, account, campaignIds, fx, rows) {
      const rejections = new Rejections('metrics', account.externalId, target.syncedAt);
      const keyed = new Map<string, AnyBulkWriteOperation<Document>>();
      for (const row of rows) {
        const metric = parseRow(dailyMetricSchema, row, rejections);
        if (metric === undefined || !belongsTo(metric, account, rejections)) continue;
        if (!campaignIds.has(metric.campaignExternalId)) {
          rejections.reject(
            'INGEST_CAMPAIGN_UNKNOWN',
            `Metrics of campaign ${metric.campaignExternalId}, which account ${account.externalId} does not have`,
          );
          continue;
        }
        keyed.set(
          `${metric.campaignExternalId}|${metric.date}`,
          metricOperation(target, account, metric, fx),
        );
      }
      return {
        operations: lastPerKey(keyed),
        written: keyed.size,
        invalid: rejections.invalid,
        errors: rejections.errors,
      };
    },
    writeCampaigns: (batch) => write(models.campaigns.collection, batch),
    writeMetrics: (batch) => write(models.metricsDaily.collection, batch),
    async campaignIdsOf(target, account) {
      const documents = await models.campaigns.collection
        .find(
          { tenantId: target.tenantId, platform: account.platform, accountId: account.externalId },
          { projection: { _id: 0, externalId: 1 } },
        )
        .toArray();
      return new Set(documents.map((document) => String(document['externalId'])));
    },
  };
}
