import type { LiveEvent } from './live-events.js';

export interface LiveEventBufferOptions {
  /** Events kept per tenant (default 1,000). */
  readonly perTenant?: number;
  /** Events older than this are not replayed (default 15 min). */
  readonly maxAgeMs?: number;
  /** Events kept over all tenants (default 50,000); the least recently active tenant gives way first. */
  readonly globalMax?: number;
  readonly now?: () => number;
}

/** Recent live events per tenant, for `Last-Event-ID` resume. Bounded in count, age and memory. */
export interface LiveEventBuffer {
  append(event: LiveEvent): void;
  /** The tenant's events after `lastEventId`, oldest first; `undefined` when that id is not (or no longer) kept. */
  after(tenantId: string, lastEventId: string): readonly LiveEvent[] | undefined;
  /** The id of the tenant's newest kept event. */
  latestId(tenantId: string): string | undefined;
  /** Events kept over all tenants. */
  size(): number;
}

interface Entry {
  readonly event: LiveEvent;
  readonly atMs: number;
}

/** A FIFO over an array with a moving head: O(1) shift, compacted once half of it is dead. */
class TenantQueue {
  private entries: Entry[] = [];
  private head = 0;

  get length(): number {
    return this.entries.length - this.head;
  }

  push(entry: Entry): void {
    this.entries.push(entry);
  }

  first(): Entry | undefined {
    return this.entries[this.head];
  }

  last(): Entry | undefined {
    return this.length === 0 ? undefined : this.entries[this.entries.length - 1];
  }

  shift(): void {
    this.head += 1;
    if (this.head >= 64 && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }

  after(id: string): LiveEvent[] | undefined {
    for (let index = this.entries.length - 1; index >= this.head; index -= 1) {
      if (this.entries[index]?.event.id === id)
        return this.entries.slice(index + 1).map((entry) => entry.event);
    }
    return undefined;
  }
}

export const LIVE_EVENT_BUFFER_DEFAULTS = {
  perTenant: 1_000,
  maxAgeMs: 15 * 60 * 1000,
  globalMax: 50_000,
} as const;

export function createLiveEventBuffer(options: LiveEventBufferOptions = {}): LiveEventBuffer {
  const perTenant = options.perTenant ?? LIVE_EVENT_BUFFER_DEFAULTS.perTenant;
  const maxAgeMs = options.maxAgeMs ?? LIVE_EVENT_BUFFER_DEFAULTS.maxAgeMs;
  const globalMax = options.globalMax ?? LIVE_EVENT_BUFFER_DEFAULTS.globalMax;
  const now = options.now ?? Date.now;
  // Map order is the order of last activity: the first tenant is the one to give way.
  const tenants = new Map<string, TenantQueue>();
  let total = 0;

  const drop = (tenantId: string, queue: TenantQueue) => {
    queue.shift();
    total -= 1;
    if (queue.length === 0) tenants.delete(tenantId);
  };

  const dropExpired = (tenantId: string, queue: TenantQueue) => {
    const oldestKept = now() - maxAgeMs;
    for (let first = queue.first(); first !== undefined && first.atMs < oldestKept; first = queue.first()) {
      drop(tenantId, queue);
    }
  };

  return {
    append(event) {
      let queue = tenants.get(event.tenantId);
      if (queue === undefined) queue = new TenantQueue();
      else tenants.delete(event.tenantId);
      tenants.set(event.tenantId, queue);
      queue.push({ event, atMs: now() });
      total += 1;
      dropExpired(event.tenantId, queue);
      if (queue.length > perTenant) drop(event.tenantId, queue);
      while (total > globalMax) {
        const [tenantId, oldest] = tenants.entries().next().value ?? [];
        if (tenantId === undefined || oldest === undefined) break;
        drop(tenantId, oldest);
      }
    },
    after(tenantId, lastEventId) {
      const queue = tenants.get(tenantId);
      if (queue === undefined) return undefined;
      dropExpired(tenantId, queue);
      return queue.after(lastEventId);
    },
    latestId(tenantId) {
      return tenants.get(tenantId)?.last()?.event.id;
    },
    size: () => total,
  };
}
