/**
 * What the sample portal needs in tenant `demo`: an embed site allowing the portal's origins and
 * every widget, and a read-only API key for its server side. The key is shown once by the API,
 * so it is kept in `<dataDir>/demo-portal.json` (mode 0600) and reused while it still works.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ApiKeyService } from '../api-keys/api-key.service.js';
import { SYSTEM_ACTION_CONTEXT } from '../audit/audit-event.js';
import type { TenantService } from '../tenants/tenant.service.js';
import type { EmbedSiteService } from './embed-site.service.js';
import { EMBED_WIDGETS } from './embed-site.schemas.js';

export const DEMO_PORTAL_SITE_NAME = 'Demo portal';
const KEY_FILE = 'demo-portal.json';
const keyFileSchema = z.object({ apiKey: z.string().min(1) });

export interface DemoPortalSetupDeps {
  readonly tenants: Pick<TenantService, 'findBySlug'>;
  readonly apiKeys: Pick<ApiKeyService, 'create' | 'authenticate'>;
  readonly sites: Pick<EmbedSiteService, 'findByName' | 'create' | 'update'>;
  readonly dataDir: string;
}

export interface DemoPortalSetup {
  readonly tenantId: string;
  readonly siteId: string;
  readonly apiKey: string;
}

async function storedKey(path: string, apiKeys: DemoPortalSetupDeps['apiKeys'], tenantId: string) {
  try {
    const parsed = keyFileSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.success) return undefined;
    const principal = await apiKeys.authenticate(parsed.data.apiKey);
    return principal.tenantId === tenantId ? parsed.data.apiKey : undefined;
  } catch {
    return undefined;
  }
}

/** Undefined when there is no tenant `demo` (a production database, or a seed that failed). */
export async function ensureDemoPortal(
  deps: DemoPortalSetupDeps,
  portalOrigins: readonly string[],
): Promise<DemoPortalSetup | undefined> {
  const tenant = await deps.tenants.findBySlug('demo');
  if (tenant === undefined) return undefined;
  const existing = await deps.sites.findByName(tenant.id, DEMO_PORTAL_SITE_NAME);
  const site =
    existing === undefined
      ? await deps.sites.create(
          tenant.id,
          {
            name: DEMO_PORTAL_SITE_NAME,
            allowedOrigins: [...portalOrigins],
            widgets: [...EMBED_WIDGETS],
            theme: { mode: 'auto', accent: '#1f6feb' },
            defaultLocale: 'en',
          },
          SYSTEM_ACTION_CONTEXT,
        )
      : portalOrigins.every((origin) => existing.allowedOrigins.includes(origin))
        ? existing
        : await deps.sites.update(
            tenant.id,
            existing.id,
            { allowedOrigins: [...portalOrigins] },
            SYSTEM_ACTION_CONTEXT,
          );
  const path = join(deps.dataDir, KEY_FILE);
  let apiKey = await storedKey(path, deps.apiKeys, tenant.id);
  if (apiKey === undefined) {
    const created = await deps.apiKeys.create(tenant.id, {
      name: 'Demo portal (embed tokens)',
      scopes: ['read'],
    });
    apiKey = created.key;
    await writeFile(path, JSON.stringify({ apiKey }), { mode: 0o600 });
  }
  return { tenantId: tenant.id, siteId: site.id, apiKey };
}
