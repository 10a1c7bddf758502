import type { AdsDemoConfig } from './config.js';
import { createDemoRuntime } from './demo-runtime.js';
import type { DemoRuntime } from './demo-runtime.js';
import { createMemoryDemoStateStore } from './simulator/demo-state-store.js';

/** A runtime over an in-memory store and a movable clock (tenant zone UTC), for the plugin's tests. */
export function createTestRuntime(
  overrides: Partial<AdsDemoConfig> = {},
  startsAt = '2026-02-01T12:00:00.000Z',
): {
  runtime: DemoRuntime;
  setNow(iso: string): void;
} {
  let now = new Date(startsAt);
  const config: AdsDemoConfig = {
    seed: 5,
    size: 'standard',
    anchorDate: '2026-03-01',
    apiKey: 'demo-api-key',
    ...overrides,
  };
  const runtime = createDemoRuntime({
    config,
    store: createMemoryDemoStateStore(),
    clock: { now: () => now },
    tenantTimezone: 'UTC',
  });
  return { runtime, setNow: (iso) => void (now = new Date(iso)) };
}

/** A call context that is never aborted. */
export const openCall = { signal: new AbortController().signal };
