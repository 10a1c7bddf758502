import { expect } from 'chai';
import type { JsonValue, PluginContext } from '../../core/plugin-api/index.js';
import { pluginRegistry } from '../index.js';
import { adsDemoConfigSchema } from './config.js';
import { adsDemoPlugin } from './index.js';

function unavailable(): never {
  throw new Error('not provided in this test');
}

describe('ads-demo plugin definition', () => {
  it('when the registry is read, it lists ads-demo as an ad-platform plugin with apiKey secret', () => {
    expect(pluginRegistry.map((plugin) => plugin.manifest.id)).to.include('ads-demo');
    expect(adsDemoPlugin.manifest.kind).to.equal('ad-platform');
    expect(adsDemoPlugin.manifest.secretFields).to.deep.equal(['apiKey']);
  });

  it('when set up with a host-like context, the capabilities work and state goes to the plugin state store', async () => {
    const state = new Map<string, JsonValue>();
    const ctx: PluginContext<ReturnType<typeof adsDemoConfigSchema.parse>> = {
      pluginId: 'ads-demo',
      tenant: { id: 't1', slug: 'acme', currency: 'EUR', timezone: 'Europe/Berlin' },
      config: adsDemoConfigSchema.parse({ size: 'small', apiKey: 'demo-api-key' }),
      logger: {
        debug: unavailable,
        info: unavailable,
        warn: unavailable,
        error: unavailable,
        child: unavailable,
      },
      data: { listAdAccounts: unavailable, listCampaigns: unavailable, dailyMetrics: unavailable },
      state: {
        get: async (key) => state.get(key),
        set: async (key, value) => void state.set(key, value),
        delete: async (key) => void state.delete(key),
      },
      kpis: { query: unavailable },
      scheduler: { schedule: unavailable, runNow: unavailable, cancel: unavailable },
      events: { publish: unavailable, subscribe: unavailable },
      cache: { get: unavailable, set: unavailable, wrap: unavailable },
      clock: { now: () => new Date('2026-05-04T10:00:00Z') },
      http: { request: unavailable },
    };
    const capabilities = await adsDemoPlugin.setup(ctx);
    const call = { signal: new AbortController().signal };
    expect((await capabilities.health.check(call)).status).to.equal('ok');
    const accounts = await capabilities.ads.listAccounts(call);
    expect(accounts).to.have.length(5);
    expect(state.get('simulator.anchorDate')).to.equal('2026-05-04');
  });
});
