/**
 * The numbers rules read, batched: one KPI query grouped by campaign per distinct window span
 * (all metrics, with the previous period when any rule compares against it), shared by every
 * rule of a run — so a run costs as many KPI queries as it has distinct windows, not rules ×
 * campaigns. KPI values are in the tenant's currency; budgets stay in each campaign's currency.
 */
import type { KpiService } from '../analytics/kpi.service.js';
import type { CampaignModel } from '../ingest/synced-data.model.js';
import { RULE_METRICS } from '../plugin-api/index.js';
import type { RuleCampaignSnapshot, RuleWindowRequest, RuleWindowValues } from '../plugin-api/index.js';
import type { RecentChange } from './rule-run.repository.js';

export interface StoredCampaign {
  readonly key: string;
  readonly platform: string;
  readonly pluginId: string;
  readonly accountExternalId: string;
  readonly externalId: string;
  readonly name: string;
  readonly status: string;
  readonly dailyBudgetCents: number | null;
  readonly currency: string;
  /** When ingest last wrote the campaign: rule changes after it are newer than the stored values. */
  readonly syncedAt: Date;
}

export interface RuleCampaignReader {
  /** Every stored campaign of the tenant (the engine applies each rule's scope). */
  list(tenantId: string): Promise<StoredCampaign[]>;
}

export function createRuleCampaignReader(campaigns: CampaignModel): RuleCampaignReader {
  return {
    async list(tenantId) {
      const rows = await campaigns
        .find({ tenantId })
        .select({
          platform: 1,
          pluginId: 1,
          accountId: 1,
          externalId: 1,
          name: 1,
          status: 1,
          dailyBudgetCents: 1,
          currency: 1,
        })
        .lean();
      return rows.map((row) => ({
        key: `${row.platform}:${row.externalId}`,
        platform: row.platform,
        pluginId: row.pluginId,
        accountExternalId: row.accountId,
        externalId: row.externalId,
        name: row.name,
        status: row.status,
        dailyBudgetCents: row.dailyBudgetCents ?? null,
        currency: row.currency,
        syncedAt: row.syncedAt,
      }));
    },
  };
}

/** How far back rule changes are laid over stored campaigns (syncs run at least daily). */
export const RECENT_CHANGES_MS = 7 * 86_400_000;

/**
 * Lays the changes rules made since a campaign's last sync over its stored status and budget,
 * so a second run before the next sync starts from what the platform now holds.
 */
export function withRecentChanges(
  campaigns: readonly StoredCampaign[],
  changes: readonly RecentChange[],
): StoredCampaign[] {
  const byKey = new Map(campaigns.map((campaign) => [campaign.key, { ...campaign }]));
  for (const change of changes) {
    const campaign = byKey.get(change.campaignKey);
    if (campaign === undefined || change.at <= campaign.syncedAt) continue;
    byKey.set(change.campaignKey, {
      ...campaign,
      ...(change.value.status === undefined ? {} : { status: change.value.status }),
      ...(change.value.dailyBudgetCents === undefined
        ? {}
        : { dailyBudgetCents: change.value.dailyBudgetCents }),
    });
  }
  return [...byKey.values()];
}

/** Merges the rules' window requests: one per span, reading the previous period if any rule needs it. */
export function mergeWindowRequests(requests: Iterable<RuleWindowRequest>): RuleWindowRequest[] {
  const merged = new Map<string, RuleWindowRequest>();
  for (const request of requests) {
    const known = merged.get(request.key);
    merged.set(request.key, {
      ...request,
      withPrevious: request.withPrevious || (known?.withPrevious ?? false),
    });
  }
  return [...merged.values()];
}

export interface SnapshotResult {
  readonly snapshots: RuleCampaignSnapshot[];
  /** KPI queries issued (the benchmark's figure). */
  readonly kpiQueries: number;
}

export async function buildSnapshots(input: {
  readonly kpis: Pick<KpiService, 'query'>;
  readonly tenantId: string;
  readonly campaigns: readonly StoredCampaign[];
  readonly requests: readonly RuleWindowRequest[];
  readonly budgetsAtStartOfDay: ReadonlyMap<string, number>;
}): Promise<SnapshotResult> {
  const windows = new Map<string, Record<string, RuleWindowValues>>();
  const answers = await Promise.all(
    input.requests.map(async (request) => ({
      request,
      answer: await input.kpis.query(input.tenantId, {
        from: request.span.from,
        to: request.span.to,
        metrics: [...RULE_METRICS],
        groupBy: 'campaign',
        compare: request.withPrevious ? 'previous_period' : 'none',
      }),
    })),
  );
  for (const { request, answer } of answers) {
    for (const row of answer.rows) {
      if (row.dataRows === 0 && row.previous === undefined) continue;
      const byWindow = windows.get(row.key) ?? {};
      byWindow[request.key] = {
        values: row.values,
        ...(row.previous === undefined ? {} : { previous: row.previous }),
        daysOfData: row.dataRows,
      };
      windows.set(row.key, byWindow);
    }
  }
  const snapshots = input.campaigns.map((campaign): RuleCampaignSnapshot => {
    const atStart = input.budgetsAtStartOfDay.get(campaign.key);
    return {
      ...campaign,
      windows: windows.get(campaign.key) ?? {},
      ...(atStart === undefined ? {} : { budgetAtStartOfDayCents: atStart }),
    };
  });
  return { snapshots, kpiQueries: input.requests.length };
}
