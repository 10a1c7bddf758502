import type { JsonValue, PluginStateStore } from '../../../core/plugin-api/index.js';
import type { DemoAction } from './generate.js';

/**
 * Where the simulation keeps what must survive restarts: the actions taken on campaigns, the
 * sync counter (late days differ per sync) and the anchor day of the scenario. Injectable so the
 * host persists it (through the plugin state store) and tests keep it in memory.
 */
export interface DemoStateStore {
  loadActions(): Promise<readonly DemoAction[]>;
  appendAction(action: DemoAction): Promise<void>;
  /** Returns 1 on the first call, then 2, 3, … */
  nextSyncSequence(): Promise<number>;
  /** The stored anchor day, or stores and returns `proposed` on first use. */
  anchorDate(proposed: string): Promise<string>;
}

/** An in-memory store (tests, benchmarks). */
export function createMemoryDemoStateStore(): DemoStateStore {
  const actions: DemoAction[] = [];
  let syncSequence = 0;
  let anchor: string | undefined;
  return {
    loadActions: async () => [...actions],
    appendAction: async (action) => void actions.push(action),
    nextSyncSequence: async () => (syncSequence += 1),
    anchorDate: async (proposed) => (anchor ??= proposed),
  };
}

const ACTIONS_KEY = 'simulator.actions';
const SEQUENCE_KEY = 'simulator.syncSequence';
const ANCHOR_KEY = 'simulator.anchorDate';

function isDemoAction(value: JsonValue): value is JsonValue & DemoAction {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { campaignExternalId?: unknown }).campaignExternalId === 'string'
  );
}

/** A store over the installation's durable plugin state (what the host provides in `ctx.state`). */
export function createPluginStateDemoStore(state: PluginStateStore): DemoStateStore {
  return {
    async loadActions() {
      const stored = await state.get(ACTIONS_KEY);
      return Array.isArray(stored) ? stored.filter(isDemoAction) : [];
    },
    async appendAction(action) {
      const stored = await state.get(ACTIONS_KEY);
      const list: JsonValue[] = Array.isArray(stored) ? [...(stored as JsonValue[])] : [];
      list.push({ ...action });
      await state.set(ACTIONS_KEY, list);
    },
    async nextSyncSequence() {
      const stored = await state.get(SEQUENCE_KEY);
      const next = (typeof stored === 'number' ? stored : 0) + 1;
      await state.set(SEQUENCE_KEY, next);
      return next;
    },
    async anchorDate(proposed) {
      const stored = await state.get(ANCHOR_KEY);
      if (typeof stored === 'string') return stored;
      await state.set(ANCHOR_KEY, proposed);
      return proposed;
    },
  };
}
