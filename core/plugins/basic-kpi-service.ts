import type { Connection } from 'mongoose';
import { z } from 'zod';
import { PluginError, calendarDaySchema } from '../plugin-api/index.js';
import type { KpiName, KpiResult, KpiService, PluginPermission } from '../plugin-api/index.js';
import { SYNCED_COLLECTIONS, missingPermission } from './tenant-data-access.js';

const KPI_NAMES = [
  'spend',
  'revenue',
  'roas',
  'cpa',
  'cpc',
  'cpm',
  'ctr',
  'cvr',
  'impressions',
  'clicks',
  'conversions',
] as const satisfies readonly KpiName[];

const kpiQuerySchema = z
  .object({
    from: calendarDaySchema,
    to: calendarDaySchema,
    kpis: z.array(z.enum(KPI_NAMES)).min(1),
    groupBy: z.enum(['platform', 'campaign', 'day']).optional(),
    platforms: z.array(z.string().min(1)).optional(),
  })
  .refine((query) => query.from <= query.to, { message: '"from" must not be after "to"', path: ['from'] });

interface Sums {
  readonly _id: { readonly platform?: string; readonly campaignId?: string; readonly date?: string } | null;
  readonly impressions: number;
  readonly clicks: number;
  readonly conversions: number;
  readonly spend: number;
  readonly revenue: number;
}

const GROUP_KEYS = {
  platform: { platform: '$platform' },
  campaign: { platform: '$platform', campaignId: '$campaignId' },
  day: { date: '$date' },
} as const;

const ratio = (numerator: number, denominator: number): number | null =>
  denominator === 0 ? null : numerator / denominator;

/** Every KPI from the group's sums: ratios of sums, never averages of ratios. */
export function kpisFromSums(sums: Omit<Sums, '_id'>): Record<KpiName, number | null> {
  return {
    spend: sums.spend,
    revenue: sums.revenue,
    impressions: sums.impressions,
    clicks: sums.clicks,
    conversions: sums.conversions,
    roas: ratio(sums.revenue, sums.spend),
    cpa: ratio(sums.spend, sums.conversions),
    cpc: ratio(sums.spend, sums.clicks),
    cpm: ratio(sums.spend * 1000, sums.impressions),
    ctr: ratio(sums.clicks, sums.impressions),
    cvr: ratio(sums.conversions, sums.clicks),
  };
}

function groupLabel(id: Sums['_id']): string | null {
  if (id === null) return null;
  return id.campaignId ?? id.platform ?? id.date ?? null;
}

/**
 * A basic KPI service over one tenant's `metricsDaily`, in the tenant's currency (rows without
 * an FX rate add nothing to money sums). The KPI issue replaces it with the full service.
 */
export function createBasicKpiService(
  connection: Connection,
  tenant: { readonly id: string; readonly currency: string },
  permissions: readonly PluginPermission[],
): KpiService {
  return {
    async query(input) {
      if (!permissions.includes('kpis:read')) throw missingPermission('kpis:read');
      const parsed = kpiQuerySchema.safeParse(input);
      if (!parsed.success)
        throw new PluginError(
          'system',
          `Invalid KPI query: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
          {
            code: 'PLUGINS_KPI_QUERY_INVALID',
          },
        );
      const query = parsed.data;
      const match: Record<string, unknown> = {
        tenantId: tenant.id,
        date: { $gte: query.from, $lte: query.to },
      };
      if (query.platforms !== undefined) match.platform = { $in: query.platforms };
      const rows = await connection
        .collection(SYNCED_COLLECTIONS.metrics)
        .aggregate<Sums>([
          { $match: match },
          {
            $group: {
              _id: query.groupBy === undefined ? null : GROUP_KEYS[query.groupBy],
              impressions: { $sum: '$impressions' },
              clicks: { $sum: '$clicks' },
              conversions: { $sum: '$conversions' },
              spend: { $sum: '$spendCentsTenant' },
              revenue: { $sum: '$revenueCentsTenant' },
            },
          },
          { $sort: { _id: 1 } },
        ])
        .toArray();
      const groups =
        rows.length === 0 && query.groupBy === undefined
          ? [{ _id: null, impressions: 0, clicks: 0, conversions: 0, spend: 0, revenue: 0 }]
          : rows;
      const result: KpiResult = {
        from: query.from,
        to: query.to,
        currency: tenant.currency,
        rows: groups.map((sums) => {
          const all = kpisFromSums(sums);
          return {
            group: groupLabel(sums._id),
            values: Object.fromEntries(query.kpis.map((name) => [name, all[name]])),
          };
        }),
      };
      return result;
    },
  };
}
