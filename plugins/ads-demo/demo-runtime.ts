import type { Clock } from '../../core/plugin-api/index.js';
import type { AdsDemoConfig } from './config.js';
import { localDay } from './simulator/calendar.js';
import type { DemoStateStore } from './simulator/demo-state-store.js';
import { createDemoSimulator } from './simulator/simulator.js';
import type { DemoSimulator } from './simulator/simulator.js';

/** What every ads-demo capability shares within one installation. */
export interface DemoRuntime {
  readonly config: AdsDemoConfig;
  readonly store: DemoStateStore;
  /** "Today" for the installation: the fixed config day or the clock's day in the tenant's zone. */
  today(): string;
  /** The current instant (the host's injectable clock). */
  now(): Date;
  /** The simulator, built once the anchor day is known (first use). */
  simulator(): Promise<DemoSimulator>;
}

/** Dependencies of a runtime; the plugin's `setup` wires them from the host context. */
export interface DemoRuntimeOptions {
  readonly config: AdsDemoConfig;
  readonly store: DemoStateStore;
  readonly clock: Clock;
  readonly tenantTimezone: string;
}

/** Creates the installation's runtime. */
export function createDemoRuntime(options: DemoRuntimeOptions): DemoRuntime {
  const { config, store, clock, tenantTimezone } = options;
  let built: Promise<DemoSimulator> | undefined;
  const today = () => config.today ?? localDay(clock.now(), tenantTimezone);
  return {
    config,
    store,
    today,
    now: () => clock.now(),
    simulator() {
      built ??= (async () => {
        const anchorDate = config.anchorDate ?? (await store.anchorDate(today()));
        return createDemoSimulator({ seed: config.seed, size: config.size, anchorDate });
      })();
      return built;
    },
  };
}
