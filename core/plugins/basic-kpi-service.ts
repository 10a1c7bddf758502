/**
 * The KPI service a plugin sees: the host's one KPI service (core/analytics) behind the
 * plugin-api shape, bound to the installation's tenant and gated by its `kpis:read` permission.
 */
import type { Connection } from 'mongoose';
import { createKpiRepository } from '../analytics/kpi.repository.js';
import { createKpiService } from '../analytics/kpi.service.js';
import type { KpiService as AnalyticsKpiService } from '../analytics/kpi.service.js';
import type { KpiAnswer } from '../analytics/kpi-answer.js';
import type { Cache } from '../cache/cache.js';
import { AppError } from '../errors/app-error.js';
import { PluginError } from '../plugin-api/index.js';
import type { KpiResult, KpiService, PluginPermission, TenantInfo } from '../plugin-api/index.js';
import type { KpiServiceFactory } from './plugin-context.js';
import { missingPermission } from './tenant-data-access.js';

function groupOf(answer: KpiAnswer, row: KpiAnswer['rows'][number]): string {
  switch (answer.groupBy) {
    case 'campaign':
      return row.campaign?.externalId ?? row.key;
    case 'account':
      return row.accountId ?? row.key;
    default:
      return row.key;
  }
}

function toResult(answer: KpiAnswer): KpiResult {
  const rows =
    answer.groupBy === 'none'
      ? [
          {
            group: null,
            values: answer.totals,
            ...(answer.comparison === null ? {} : { previous: answer.comparison.totals }),
          },
        ]
      : // Plugins get the periods and groups that have data (the HTTP series is dense).
        answer.rows
          .filter((row) => row.dataRows > 0)
          .map((row) => ({
            group: groupOf(answer, row),
            values: row.values,
            ...(row.previous === undefined ? {} : { previous: row.previous }),
          }));
  return {
    from: answer.from,
    to: answer.to,
    currency: answer.currency,
    timezone: answer.timezone,
    rows,
    unpricedRows: answer.meta.fx.unpricedRows,
  };
}

/** Binds the host's KPI service to one tenant, as `PluginContext.kpis`. */
export function createPluginKpiService(
  service: AnalyticsKpiService,
  tenant: Pick<TenantInfo, 'id'>,
  permissions: readonly PluginPermission[],
): KpiService {
  return {
    async query(input) {
      if (!permissions.includes('kpis:read')) throw missingPermission('kpis:read');
      try {
        const answer = await service.query(tenant.id, {
          from: input.from,
          to: input.to,
          metrics: [...input.kpis],
          groupBy: input.groupBy ?? 'none',
          compare: input.compare ?? 'none',
          ...(input.platforms === undefined ? {} : { platforms: [...input.platforms] }),
          ...(input.accountIds === undefined ? {} : { accountIds: [...input.accountIds] }),
          ...(input.campaignIds === undefined ? {} : { campaignIds: [...input.campaignIds] }),
          ...(input.groupBy === undefined ? {} : { sort: 'key' }),
        });
        return toResult(answer);
      } catch (error) {
        if (error instanceof AppError && error.kind === 'input')
          throw new PluginError('system', `Invalid KPI query: ${error.message}`, {
            code: 'PLUGINS_KPI_QUERY_INVALID',
            details: { issues: error.details ?? null },
          });
        throw error;
      }
    },
  };
}

/** The factory the composition root passes to the plugin module (`kpis`), over the shared, cached service. */
export function createPluginKpiServiceFactory(service: AnalyticsKpiService): KpiServiceFactory {
  return (tenant, permissions) => createPluginKpiService(service, tenant, permissions);
}

/** Answers straight from the database: for hosts wired without a shared cache. */
const NO_CACHE: Cache = {
  get: async () => undefined,
  set: async () => undefined,
  delete: async () => undefined,
  wrap: (_key, _ttlMs, load) => load(),
  dataVersion: async () => 0,
  bumpDataVersion: async () => 0,
};

/**
 * The fallback when the composition root passes no `kpis` factory: the same service, uncached,
 * with the tenant's currency and zone as the installation's context states them.
 */
export function createBasicKpiService(
  connection: Connection,
  tenant: Pick<TenantInfo, 'id' | 'currency' | 'timezone'>,
  permissions: readonly PluginPermission[],
): KpiService {
  const service = createKpiService({
    repository: createKpiRepository(connection),
    cache: NO_CACHE,
    tenants: { get: async () => ({ currency: tenant.currency, timezone: tenant.timezone }) },
  });
  return createPluginKpiService(service, tenant, permissions);
}
