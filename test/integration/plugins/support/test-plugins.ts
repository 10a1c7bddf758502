/**
 * Plugins that misbehave on purpose (and one that hands its context to the test), defined with
 * the real SDK. `platform.healthy` plays the external system: a test flips it to recover.
 */
import { z } from 'zod';
import { PluginError, definePlugin } from '../../../../core/plugin-api/index.js';
import type { AdsSource, HealthResult, PluginContext } from '../../../../core/plugin-api/index.js';

const configSchema = z.object({ token: z.string().min(4), label: z.string().max(50).optional() }).strict();

const manifestOf = (
  id: string,
  permissions: readonly ('events:publish' | 'metrics:read' | 'kpis:read')[] = [],
) =>
  ({
    id,
    name: `Test ${id}`,
    version: '1.0.0',
    kind: 'ad-platform',
    description: `Test plugin ${id}`,
    configSchema,
    secretFields: ['token'],
    permissions: [...permissions],
    schedules: { sync: { everyMs: 3_600_000, queue: 'sync' } },
    hostVersionRange: '^0.1.0',
  }) as const;

/** Nothing to sync. */
export const emptyAds: AdsSource = {
  listAccounts: async () => [],
  campaigns: async function* () {},
  dailyMetrics: async function* () {},
};

/** The fake platform behind the test plugins: unhealthy until a test says otherwise. */
export const platform = { healthy: false };

const healthy: HealthResult = { status: 'ok', message: 'fine' };

export const throwingPlugin = definePlugin({
  manifest: manifestOf('test-throwing'),
  setup: () => ({
    ads: {
      ...emptyAds,
      campaigns: async function* () {
        yield { rows: [], state: { page: 1 }, apiCalls: 1 };
        if (!platform.healthy) throw new Error('page two exploded');
      },
    },
    health: {
      async check() {
        if (platform.healthy) return healthy;
        throw new Error('boom with internals');
      },
    },
  }),
});

export const hangingPlugin = definePlugin({
  manifest: manifestOf('test-hanging'),
  setup: () => ({
    ads: {
      ...emptyAds,
      listAccounts: () => (platform.healthy ? Promise.resolve([]) : new Promise<never>(() => undefined)),
    },
    health: {
      check: () => (platform.healthy ? Promise.resolve(healthy) : new Promise<HealthResult>(() => undefined)),
    },
  }),
});

export const garbagePlugin = definePlugin({
  manifest: manifestOf('test-garbage'),
  setup: () => ({
    ads: emptyAds,
    health: {
      check: async () =>
        platform.healthy ? healthy : ({ status: 'splendid', rows: [1, 2] } as unknown as HealthResult),
    },
  }),
});

export const setupThrowsPlugin = definePlugin({
  manifest: manifestOf('test-setup-throws'),
  setup: () => {
    if (!platform.healthy) throw new TypeError('cannot set up');
    return { ads: emptyAds, health: { check: async () => healthy } };
  },
});

/** Logs its credential and repeats it in the error it throws: the host must mask both. */
export const leakyPlugin = definePlugin({
  manifest: manifestOf('test-leaky'),
  setup: (ctx) => ({
    ads: emptyAds,
    health: {
      async check() {
        ctx.logger.info(`checking with ${ctx.config.token}`, {
          credential: ctx.config.token,
          nested: [ctx.config],
        });
        throw new PluginError('auth', `token ${ctx.config.token} was refused`);
      },
    },
  }),
});

/** Contexts handed out by the probe plugin, by tenant id. */
export const probedContexts = new Map<string, PluginContext>();

export const probePlugin = definePlugin({
  manifest: manifestOf('test-probe', ['events:publish', 'metrics:read', 'kpis:read']),
  setup: (ctx) => {
    probedContexts.set(ctx.tenant.id, ctx as PluginContext);
    return { ads: emptyAds, health: { check: async () => healthy } };
  },
});

/** A probe without any permission: egress, events and metrics must be refused. */
export const barePlugin = definePlugin({
  manifest: manifestOf('test-bare'),
  setup: (ctx) => {
    probedContexts.set(`bare:${ctx.tenant.id}`, ctx as PluginContext);
    return { ads: emptyAds, health: { check: async () => healthy } };
  },
});

export const testPlugins = [
  throwingPlugin,
  hangingPlugin,
  garbagePlugin,
  setupThrowsPlugin,
  leakyPlugin,
  probePlugin,
  barePlugin,
];
