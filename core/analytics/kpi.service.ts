/**
 * The KPI service: every number widgets, chat, rules, plugins, the API and the CLI show comes
 * from here. One aggregation over `metricsDaily` per answer (plus a second, rare one when some
 * rows lack an FX rate), cached per tenant, data version and normalised query.
 */
import type { Cache } from '../cache/cache.js';
import { CACHE_TTLS_MS } from '../cache/cache.js';
import { NotFoundError } from '../errors/errors.js';
import { parseInput } from '../tenants/parse-input.js';
import { dayInTimeZone } from './calendar-days.js';
import { comparisonSpan } from './date-presets.js';
import { buildAnswer } from './kpi-answer.js';
import type { KpiAnswer, KpiRow } from './kpi-answer.js';
import { loadDataContext } from './kpi-data-context.js';
import type { DataContext } from './kpi-data-context.js';
import { kpiCacheKey, kpiQueryInputSchema, normaliseKpiQuery } from './kpi-query.js';
import type { KpiQueryInput, NormalisedKpiQuery } from './kpi-query.js';
import type { SumsGrouping, SumsPlan } from './kpi-pipelines.js';
import type { KpiRepository } from './kpi.repository.js';
import { campaignListInputSchema, pageOfCampaigns } from './campaign-list.js';
import type { CampaignDetail, CampaignListInput, CampaignPage } from './campaign-list.js';

/** The tenant settings an answer depends on. */
export interface KpiTenantSettings {
  readonly currency: string;
  readonly timezone: string;
}

export interface KpiTenantDirectory {
  /** Throws NotFoundError when the tenant does not exist. */
  get(tenantId: string): Promise<KpiTenantSettings>;
}

export interface KpiServiceDeps {
  readonly repository: KpiRepository;
  readonly cache: Cache;
  readonly tenants: KpiTenantDirectory;
  readonly now?: () => Date;
  /** How long tenant settings are reused in this process (default 30 s). */
  readonly tenantSettingsTtlMs?: number;
}

export interface KpiService {
  /** Totals, comparison, rows: the one query model. Input is validated (InputError naming the field). */
  query(tenantId: string, input: KpiQueryInput): Promise<KpiAnswer>;
  /** Campaigns (stored ones, plus any with metrics but no stored campaign) with KPIs over a range. */
  campaigns(tenantId: string, input: CampaignListInput): Promise<CampaignPage>;
  /** One campaign (`campaigns` document id) with totals and a daily series; 404 when not the tenant's. */
  campaign(tenantId: string, campaignId: string, input: KpiQueryInput): Promise<CampaignDetail>;
  /** Per-platform KPIs beside each platform's sync status (platforms without rows included). */
  platforms(tenantId: string, input: KpiQueryInput): Promise<KpiAnswer>;
}

const SUMS_GROUPING: Readonly<Record<NormalisedKpiQuery['groupBy'], SumsGrouping>> = {
  none: 'none',
  day: 'date',
  week: 'date',
  month: 'date',
  platform: 'platform',
  account: 'account',
  campaign: 'campaign',
};

/**
 * The data context is versioned like answers (a sync bumps it); the short TTL bounds how old the
 * sync status of a failed or still-running run (which bumps no version) can be.
 */
const CONTEXT_TTL_MS = 60_000;

export function planOf(query: NormalisedKpiQuery): SumsPlan {
  const previous = comparisonSpan(query, query.compare);
  return {
    spans:
      previous === undefined
        ? [{ from: query.from, to: query.to }]
        : [{ from: query.from, to: query.to }, previous],
    platforms: query.platforms,
    accountIds: query.accountIds,
    campaignIds: query.campaignIds,
    grouping: SUMS_GROUPING[query.groupBy],
  };
}

export function createKpiService(deps: KpiServiceDeps): KpiService {
  const { repository, cache } = deps;
  const now = deps.now ?? (() => new Date());
  const settingsTtl = deps.tenantSettingsTtlMs ?? 30_000;
  const settings = new Map<string, { value: KpiTenantSettings; until: number }>();

  const tenantSettings = async (tenantId: string): Promise<KpiTenantSettings> => {
    const at = Date.now();
    const known = settings.get(tenantId);
    if (known !== undefined && known.until > at) return known.value;
    const tenant = await deps.tenants.get(tenantId);
    const value = { currency: tenant.currency, timezone: tenant.timezone };
    if (settings.size > 10_000) settings.clear();
    settings.set(tenantId, { value, until: at + settingsTtl });
    return value;
  };

  const dataContext = (tenantId: string): Promise<DataContext> =>
    cache.wrap({ tenantId, key: 'kpis:context' }, CONTEXT_TTL_MS, () =>
      loadDataContext(repository, tenantId, now()),
    );

  const withCampaignNames = async (tenantId: string, rows: readonly KpiRow[]): Promise<KpiRow[]> => {
    const keys = rows.flatMap((row) =>
      row.campaign === undefined || row.platform === undefined
        ? []
        : [{ platform: row.platform, externalId: row.campaign.externalId }],
    );
    const stored = await repository.campaignsByExternalIds(tenantId, keys);
    const byKey = new Map(
      stored.map((campaign) => [`${campaign.platform}:${campaign.externalId}`, campaign]),
    );
    return rows.map((row) => {
      const campaign = byKey.get(row.key);
      if (row.campaign === undefined || campaign === undefined) return row;
      return {
        ...row,
        label: campaign.name,
        accountId: campaign.accountId,
        campaign: {
          id: campaign.id,
          externalId: campaign.externalId,
          name: campaign.name,
          status: campaign.status,
        },
      };
    });
  };

  const answer = async (tenantId: string, query: NormalisedKpiQuery, tenant: KpiTenantSettings) => {
    const at = now();
    const key = kpiCacheKey('query', { query, tenant, today: dayInTimeZone(at, tenant.timezone) });
    return cache.wrap({ tenantId, key }, CACHE_TTLS_MS.kpis, async () => {
      const [context, sums] = await Promise.all([
        dataContext(tenantId),
        repository.sums(tenantId, planOf(query)),
      ]);
      const built = buildAnswer({ query, tenant, now: at, context, sums });
      if (query.groupBy !== 'campaign') return built;
      return { ...built, rows: await withCampaignNames(tenantId, built.rows) };
    });
  };

  const resolve = async (tenantId: string, input: unknown) => {
    const parsed = parseInput(kpiQueryInputSchema, input);
    const tenant = await tenantSettings(tenantId);
    return { tenant, query: normaliseKpiQuery(parsed, now(), tenant.timezone) };
  };

  const query = async (tenantId: string, input: KpiQueryInput): Promise<KpiAnswer> => {
    const resolved = await resolve(tenantId, input);
    return answer(tenantId, resolved.query, resolved.tenant);
  };

  return {
    query,
    async campaigns(tenantId, input) {
      const parsed = parseInput(campaignListInputSchema, input);
      const { range, from, to, compare, platforms, accountIds, metrics } = parsed;
      const { tenant, query: normalised } = await resolve(tenantId, {
        range,
        from,
        to,
        compare,
        platforms,
        accountIds,
        metrics,
        groupBy: 'campaign',
      });
      const at = now();
      const key = kpiCacheKey('campaigns', {
        query: normalised,
        statuses: parsed.statuses,
        tenant,
        today: dayInTimeZone(at, tenant.timezone),
      });
      const all = await cache.wrap({ tenantId, key }, CACHE_TTLS_MS.kpis, async () => {
        const [grouped, stored] = await Promise.all([
          answer(tenantId, normalised, tenant),
          repository.listCampaigns(tenantId, {
            platforms: normalised.platforms,
            accountIds: normalised.accountIds,
            statuses: parsed.statuses ?? [],
          }),
        ]);
        return { grouped, stored };
      });
      return pageOfCampaigns(all.grouped, all.stored, parsed);
    },
    async campaign(tenantId, campaignId, input) {
      const stored = await repository.campaignById(tenantId, campaignId);
      if (stored === undefined)
        throw new NotFoundError('Campaign not found', { code: 'KPIS_CAMPAIGN_NOT_FOUND' });
      const series = await query(tenantId, {
        ...input,
        groupBy: 'day',
        platforms: [stored.platform],
        accountIds: [],
        campaignIds: [stored.externalId],
      });
      return { campaign: stored, ...series };
    },
    async platforms(tenantId, input) {
      const grouped = await query(tenantId, { ...input, groupBy: 'platform', limit: undefined });
      const present = new Set(grouped.rows.map((row) => row.key));
      const idle = grouped.meta.platforms
        .filter((platform) => !present.has(platform.platform))
        .map((platform): KpiRow => ({
          key: platform.platform,
          label: platform.platform,
          platform: platform.platform,
          values: Object.fromEntries(grouped.metrics.map((metric) => [metric, zeroOf(metric)])),
          dataRows: 0,
        }));
      return { ...grouped, rows: [...grouped.rows, ...idle], rowCount: grouped.rowCount + idle.length };
    },
  };
}

/** A platform without rows: nothing spent or counted, every ratio undefined. */
function zeroOf(metric: string): number | null {
  return ['spend', 'revenue', 'impressions', 'clicks', 'conversions'].includes(metric) ? 0 : null;
}
