/**
 * The tenant facts every message needs — campaign names and the tenant's currency and zone —
 * read through analytics' repository and the tenant service, kept briefly in process so a busy
 * conversation does not re-read them per message. A new campaign is known within the TTL.
 */
import { LRUCache } from 'lru-cache';
import type { Connection } from 'mongoose';
import type { KpiTenantDirectory, KpiTenantSettings } from '../../core/analytics/kpi.service.js';
import { createKpiRepository } from '../../core/analytics/kpi.repository.js';
import type { CampaignDirectory, ChatCampaign, TenantSettingsReader } from './ports.js';

export const DIRECTORY_TTL_MS = 60_000;
const MAX_TENANTS = 5_000;

function cached<T extends object>(load: (tenantId: string) => Promise<T>, ttl: number) {
  const cache = new LRUCache<string, T>({
    max: MAX_TENANTS,
    ttl,
    fetchMethod: (tenantId) => load(tenantId),
  });
  return async (tenantId: string): Promise<T> => {
    const value = await cache.fetch(tenantId);
    if (value === undefined) throw new Error('directory load returned nothing');
    return value;
  };
}

export function createCampaignDirectory(connection: Connection, ttlMs = DIRECTORY_TTL_MS): CampaignDirectory {
  const repository = createKpiRepository(connection);
  const list = cached(async (tenantId): Promise<{ campaigns: readonly ChatCampaign[] }> => {
    const stored = await repository.listCampaigns(tenantId, { platforms: [], accountIds: [], statuses: [] });
    return {
      campaigns: stored.map(({ id, platform, externalId, name }) => ({ id, platform, externalId, name })),
    };
  }, ttlMs);
  return { list: async (tenantId) => (await list(tenantId)).campaigns };
}

export function createTenantSettingsReader(
  tenants: KpiTenantDirectory,
  ttlMs = 30_000,
): TenantSettingsReader {
  const get = cached(async (tenantId): Promise<KpiTenantSettings> => {
    const tenant = await tenants.get(tenantId);
    return { currency: tenant.currency, timezone: tenant.timezone };
  }, ttlMs);
  return { get };
}
