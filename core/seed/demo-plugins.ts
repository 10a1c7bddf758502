/**
 * The demo's ad data: the simulated ad platforms (plugin `ads-demo`) installed, configured and
 * enabled for the demo tenants, and a first sync queued, so a first `npm start` shows numbers.
 * `demo` gets the standard scenario (~40 campaigns on five platforms), `acme` the small one.
 * Idempotent: a tenant that already has the plugin installed is left alone.
 */
import type { ActionContext } from '../audit/audit-event.js';
import type { PlatformModules } from '../app/platform-modules.js';
import type { CoreServices } from '../app/core-modules.js';
import { isAppError } from '../errors/app-error.js';

export const DEMO_PLUGIN_ID = 'ads-demo';

/** Configuration per demo tenant slug; the key is a simulated credential, not a secret of anyone's. */
export const DEMO_PLUGIN_CONFIGS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  demo: { size: 'standard', apiKey: 'demo-simulated-key-0001' },
  acme: { size: 'small', apiKey: 'acme-simulated-key-0001' },
};

const SEED_CONTEXT: ActionContext = Object.freeze({
  actor: Object.freeze({ type: 'system', id: 'seed' }),
  origin: Object.freeze({}),
});

export interface DemoPluginSeedResult {
  /** Slugs of the tenants the plugin was installed for at this call. */
  readonly installed: readonly string[];
  /** The first sync run queued per tenant slug. */
  readonly syncRuns: Readonly<Record<string, string>>;
}

export interface DemoPluginSeedHost {
  readonly modules: { readonly services: Pick<CoreServices, 'tenants'> };
  readonly platform: Pick<PlatformModules, 'plugins'>;
}

/**
 * Installs, enables and first-syncs ads-demo for the given demo tenant slugs where it is missing.
 * `overrides` are merged over each tenant's configuration (e.g. a smaller `size` for e2e hosts).
 */
export async function seedDemoPlugins(
  host: DemoPluginSeedHost,
  slugs: readonly string[],
  overrides: Readonly<Record<string, unknown>> = {},
): Promise<DemoPluginSeedResult> {
  const { service, catalog } = host.platform.plugins;
  const installed: string[] = [];
  const syncRuns: Record<string, string> = {};
  if (catalog.get(DEMO_PLUGIN_ID) === undefined) return { installed, syncRuns };
  for (const slug of slugs) {
    const base = DEMO_PLUGIN_CONFIGS[slug];
    if (base === undefined) continue;
    const config = { ...base, ...overrides };
    const tenant = await host.modules.services.tenants.findBySlug(slug);
    if (tenant === undefined) continue;
    try {
      await service.install(tenant.id, DEMO_PLUGIN_ID, { config }, SEED_CONTEXT);
    } catch (error) {
      if (isAppError(error) && error.code === 'PLUGINS_ALREADY_INSTALLED') continue;
      throw error;
    }
    await service.enable(tenant.id, DEMO_PLUGIN_ID, SEED_CONTEXT);
    const { runId } = await service.sync(
      tenant.id,
      DEMO_PLUGIN_ID,
      {},
      { trigger: 'first-start', requestedBy: null },
      SEED_CONTEXT,
    );
    installed.push(slug);
    syncRuns[slug] = runId;
  }
  return { installed, syncRuns };
}
