/**
 * The host's typed event bus. Every event belongs to one tenant; subscribers get the envelope
 * (id, name, tenant, time, payload). In process by default; Redis pub/sub when `REDIS_URL` is
 * set, so every API node and worker sees every event exactly once per subscription.
 */
import type { PluginEventMap } from '../plugin-api/index.js';

/** Progress of a running sync, pushed to the tenant's live clients. */
export interface SyncProgressPayload {
  readonly runId: string;
  readonly pluginId: string;
  /** `accounts`, `campaigns`, `metrics`, then `done` or `failed`. */
  readonly phase: 'accounts' | 'campaigns' | 'metrics' | 'done' | 'failed';
  readonly rows: number;
  readonly apiCalls: number;
  /** 0..1 when the total is known, else `null`. */
  readonly fraction: number | null;
}

/** Every event of the host: what plugins may publish plus the host's own. */
export interface HostEventMap extends PluginEventMap {
  'sync.progress': SyncProgressPayload;
}

export type HostEventName = keyof HostEventMap;

export const HOST_EVENT_NAMES = [
  'sync.completed',
  'sync.progress',
  'kpis.changed',
  'rule.fired',
  'alert.raised',
  'plugin.status',
] as const satisfies readonly HostEventName[];

/** One published event. `id` is unique and increases with publication order within a process. */
export interface BusEvent<TName extends HostEventName = HostEventName> {
  readonly id: string;
  readonly name: TName;
  readonly tenantId: string;
  /** ISO 8601 UTC instant of publication. */
  readonly at: string;
  readonly payload: HostEventMap[TName];
}

export type BusEventHandler<TName extends HostEventName> = (event: BusEvent<TName>) => void | Promise<void>;

export interface EventBus {
  /** Publishes to every subscriber (every process with Redis); resolves once handed over. */
  publish<TName extends HostEventName>(
    tenantId: string,
    name: TName,
    payload: HostEventMap[TName],
  ): Promise<BusEvent<TName>>;
  /** Subscribes to one event name, or `*` for all; returns the unsubscribe function. A throwing handler is logged, never propagated. */
  subscribe<TName extends HostEventName>(name: TName, handler: BusEventHandler<TName>): () => void;
  subscribeAll(handler: BusEventHandler<HostEventName>): () => void;
  /** Stops delivery and releases connections (Redis subscriber). */
  close(): Promise<void>;
}
