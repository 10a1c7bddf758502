import type {
  BusEvent,
  BusEventHandler,
  EventBus,
  HostEventMap,
  HostEventName,
} from '../../../../core/events/event-bus.js';

/** An in-memory EventBus that keeps every published event, for assertions. */
export interface RecordingEventBus extends EventBus {
  readonly events: BusEvent[];
  named<TName extends HostEventName>(name: TName, tenantId?: string): BusEvent<TName>[];
}

export function createRecordingEventBus(): RecordingEventBus {
  const events: BusEvent[] = [];
  const handlers = new Set<{ name: HostEventName | '*'; handler: BusEventHandler<HostEventName> }>();
  let sequence = 0;
  return {
    events,
    named<TName extends HostEventName>(name: TName, tenantId?: string) {
      return events.filter(
        (event): event is BusEvent<TName> =>
          event.name === name && (tenantId === undefined || event.tenantId === tenantId),
      );
    },
    async publish<TName extends HostEventName>(tenantId: string, name: TName, payload: HostEventMap[TName]) {
      sequence += 1;
      const event: BusEvent<TName> = {
        id: String(sequence),
        name,
        tenantId,
        at: new Date().toISOString(),
        payload,
      };
      events.push(event as BusEvent);
      for (const entry of handlers)
        if (entry.name === '*' || entry.name === name) await entry.handler(event as BusEvent);
      return event;
    },
    subscribe<TName extends HostEventName>(name: TName, handler: BusEventHandler<TName>) {
      const entry = { name, handler: handler as BusEventHandler<HostEventName> };
      handlers.add(entry);
      return () => void handlers.delete(entry);
    },
    subscribeAll(handler) {
      const entry = { name: '*' as const, handler };
      handlers.add(entry);
      return () => void handlers.delete(entry);
    },
    async close() {
      handlers.clear();
    },
  };
}
