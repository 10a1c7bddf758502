import type { Logger } from 'pino';
import type { BusEvent, EventBus } from './event-bus.js';
import { createEventIdGenerator } from './event-ids.js';
import { assertPublishable } from './event-schemas.js';
import { createSubscriberRegistry } from './subscriber-registry.js';

export interface InProcessEventBusOptions {
  readonly logger: Logger;
  /** Part of every event id; random when omitted. */
  readonly nodeId?: string;
  /** Milliseconds since the epoch; tests pass a fixed clock. */
  readonly now?: () => number;
}

/**
 * The single-process bus: `publish` checks the payload (InputError when invalid) and hands the
 * event to every subscriber before it resolves (async handlers are started, not awaited).
 * After `close`, a published event is logged and dropped.
 */
export function createInProcessEventBus(options: InProcessEventBusOptions): EventBus {
  const now = options.now ?? Date.now;
  const nextId = createEventIdGenerator({ nodeId: options.nodeId, now });
  const subscribers = createSubscriberRegistry(options.logger);
  let closed = false;
  return {
    async publish(tenantId, name, payload) {
      const event = assertPublishable({
        id: nextId(),
        name,
        tenantId,
        at: new Date(now()).toISOString(),
        payload,
      });
      if (closed)
        options.logger.warn({ eventName: name, tenantId }, 'event published after the bus closed; dropped');
      else subscribers.deliver(event as BusEvent);
      return event;
    },
    subscribe: (name, handler) => subscribers.subscribe(name, handler),
    subscribeAll: (handler) => subscribers.subscribeAll(handler),
    async close() {
      closed = true;
      subscribers.clear();
    },
  };
}
