/**
 * What every answer states besides its numbers: per platform, the last successful sync, the
 * attribution windows the platform reports, its accounts' time zones and the late-data window.
 * Read from `adAccounts`, `syncRuns` and the newest `metricsDaily` rows, once per data version.
 */
import { addDays, dayInTimeZone } from './calendar-days.js';
import type { KpiRepository, StoredAccount } from './kpi.repository.js';
import { lateDataWindowOf } from './late-data-windows.js';

export interface AttributionBasis {
  readonly clickThroughDays: number;
  readonly viewThroughDays: number;
}

/** One platform's state; instants as ISO strings (the context travels through the cache as JSON). */
export interface PlatformContext {
  readonly platform: string;
  readonly accounts: readonly {
    readonly externalId: string;
    readonly name: string;
    readonly currency: string;
    readonly timezone: string;
  }[];
  readonly lastSuccessfulSyncAt: string | null;
  readonly lastSyncAt: string | null;
  readonly lastSyncStatus: string | null;
  /** As the platform reported it on its newest rows; `null` when it does not say. */
  readonly attribution: AttributionBasis | null;
  readonly lateDataWindowDays: number;
}

export interface DataContext {
  readonly platforms: readonly PlatformContext[];
}

/** Attribution is read from rows of the last 30 days (older settings may have changed since). */
const ATTRIBUTION_LOOKBACK_DAYS = 30;

function latest(values: readonly (Date | null)[]): Date | null {
  return values.reduce<Date | null>(
    (best, value) => (value !== null && (best === null || value > best) ? value : best),
    null,
  );
}

export async function loadDataContext(
  repository: KpiRepository,
  tenantId: string,
  now: Date,
): Promise<DataContext> {
  const [accounts, summaries] = await Promise.all([
    repository.accounts(tenantId),
    repository.syncSummaries(tenantId),
  ]);
  const summaryOf = new Map(summaries.map((summary) => [summary.installationId, summary]));
  const byPlatform = new Map<string, StoredAccount[]>();
  for (const account of accounts) {
    const list = byPlatform.get(account.platform) ?? [];
    list.push(account);
    byPlatform.set(account.platform, list);
  }
  const since = addDays(dayInTimeZone(now, 'UTC'), -ATTRIBUTION_LOOKBACK_DAYS);
  const platforms = await Promise.all(
    [...byPlatform.entries()]
      .sort(([left], [right]) => left.localeCompare(right))
      .map(async ([platform, platformAccounts]): Promise<PlatformContext> => {
        const runs = [...new Set(platformAccounts.map((account) => account.installationId))]
          .map((installationId) => summaryOf.get(installationId))
          .filter((summary) => summary !== undefined);
        const newestRun = [...runs].sort(
          (left, right) => (right.lastRunAt?.getTime() ?? 0) - (left.lastRunAt?.getTime() ?? 0),
        )[0];
        const succeeded = latest(runs.map((run) => run.lastSucceededAt));
        return {
          platform,
          accounts: platformAccounts
            .map(({ externalId, name, currency, timezone }) => ({ externalId, name, currency, timezone }))
            .sort((left, right) => left.externalId.localeCompare(right.externalId)),
          lastSuccessfulSyncAt: succeeded?.toISOString() ?? null,
          lastSyncAt: newestRun?.lastRunAt?.toISOString() ?? null,
          lastSyncStatus: newestRun?.lastStatus ?? null,
          attribution: await repository.latestAttribution(tenantId, platform, since),
          lateDataWindowDays: lateDataWindowOf(platform),
        };
      }),
  );
  return { platforms };
}
