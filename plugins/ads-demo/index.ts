import { definePlugin } from '../../core/plugin-api/index.js';
import { createAdsDemoActions } from './actions.js';
import { createAdsDemoSource } from './ads-source.js';
import { createDemoRuntime } from './demo-runtime.js';
import { createAdsDemoHealthCheck } from './health.js';
import { adsDemoManifest } from './manifest.js';
import { createPluginStateDemoStore } from './simulator/demo-state-store.js';

/** The ads-demo plugin: a simulated tenant on all five ad platforms, through the real plugin API. */
export const adsDemoPlugin = definePlugin({
  manifest: adsDemoManifest,
  setup(ctx) {
    const runtime = createDemoRuntime({
      config: ctx.config,
      store: createPluginStateDemoStore(ctx.state),
      clock: ctx.clock,
      tenantTimezone: ctx.tenant.timezone,
    });
    return {
      health: createAdsDemoHealthCheck(runtime),
      ads: createAdsDemoSource(runtime),
      actions: createAdsDemoActions(runtime),
    };
  },
});

export { adsDemoConfigSchema } from './config.js';
export type { AdsDemoConfig } from './config.js';
export { adsDemoManifest } from './manifest.js';
export { createAdsDemoActions } from './actions.js';
export { createAdsDemoSource, ADS_DEMO_BATCH_SIZE } from './ads-source.js';
export { createAdsDemoHealthCheck } from './health.js';
export { createDemoRuntime } from './demo-runtime.js';
export type { DemoRuntime, DemoRuntimeOptions } from './demo-runtime.js';
export { createMemoryDemoStateStore, createPluginStateDemoStore } from './simulator/demo-state-store.js';
export type { DemoStateStore } from './simulator/demo-state-store.js';
export type { DemoAction } from './simulator/generate.js';
export { createDemoSimulator } from './simulator/simulator.js';
export type { DemoSimulator, SimulationRead } from './simulator/simulator.js';
export type { InjectedAnomaly, SimulatorSize } from './simulator/scenario.js';
export { expectedConversionsAtSpend, hillResponse } from './simulator/response.js';
export type { TrueResponseCurve } from './simulator/response.js';
