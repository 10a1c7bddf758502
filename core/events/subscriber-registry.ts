import type { Logger } from 'pino';
import type { BusEvent, BusEventHandler, HostEventName } from './event-bus.js';

const ALL = '*';
type AnyHandler = (event: BusEvent) => void | Promise<void>;

/** The subscriptions of one bus and their delivery; shared by the in-process and Redis buses. */
export interface SubscriberRegistry {
  subscribe<TName extends HostEventName>(name: TName, handler: BusEventHandler<TName>): () => void;
  subscribeAll(handler: BusEventHandler<HostEventName>): () => void;
  /** Calls every matching handler; a throw or rejection is logged and goes no further. */
  deliver(event: BusEvent): void;
  clear(): void;
}

export function createSubscriberRegistry(logger: Logger): SubscriberRegistry {
  const handlers = new Map<string, Set<AnyHandler>>();

  const add = (key: string, handler: AnyHandler) => {
    let set = handlers.get(key);
    if (set === undefined) {
      set = new Set();
      handlers.set(key, set);
    }
    // A wrapper per subscription, so the same function subscribed twice is called twice and
    // each unsubscribe removes exactly its own subscription.
    const subscription: AnyHandler = (event) => handler(event);
    set.add(subscription);
    return () => {
      set.delete(subscription);
      if (set.size === 0 && handlers.get(key) === set) handlers.delete(key);
    };
  };

  const failed = (event: BusEvent, error: unknown) =>
    logger.error(
      { err: error, eventId: event.id, eventName: event.name, tenantId: event.tenantId },
      'event subscriber failed',
    );

  const call = (handler: AnyHandler, event: BusEvent) => {
    try {
      const result = handler(event);
      if (result instanceof Promise) result.catch((error: unknown) => failed(event, error));
    } catch (error) {
      failed(event, error);
    }
  };

  return {
    subscribe(name, handler) {
      return add(name, handler as AnyHandler);
    },
    subscribeAll(handler) {
      return add(ALL, handler);
    },
    deliver(event) {
      // Copies: a handler that unsubscribes (or subscribes) during delivery changes the next one.
      for (const handler of [...(handlers.get(event.name) ?? [])]) call(handler, event);
      for (const handler of [...(handlers.get(ALL) ?? [])]) call(handler, event);
    },
    clear() {
      handlers.clear();
    },
  };
}
