/**
 * The one typed map of server → client real-time events, shared by the socket.io server, the
 * Server-Sent Events stream and the clients (widgets, admin console), plus how bus events map
 * onto them. Bus events not listed here never leave the server.
 */
import { assertNever } from '../errors/assert-never.js';
import type { BusEvent, HostEventName, SyncProgressPayload } from '../events/event-bus.js';
import type { JsonObject } from '../plugin-api/index.js';

export type { SyncProgressPayload } from '../events/event-bus.js';

export interface LiveAlertPayload {
  readonly severity: 'info' | 'warning' | 'critical';
  readonly title: string;
  readonly details?: JsonObject;
  /** ISO 8601 UTC instant the alert was raised. */
  readonly at: string;
}

/** Payload of each live event, by name (`domain:verb`). */
export interface LiveEventMap {
  /** The tenant's data changed: cached KPIs are stale, refetch (days and platforms touched, when known). */
  'kpis:changed': {
    readonly dataVersion: number;
    readonly from?: string;
    readonly to?: string;
    readonly platforms?: readonly string[];
  };
  'sync:progress': SyncProgressPayload;
  alert: LiveAlertPayload;
}

export type LiveEventName = keyof LiveEventMap;

export const LIVE_EVENT_NAMES = [
  'kpis:changed',
  'sync:progress',
  'alert',
] as const satisfies readonly LiveEventName[];

/** socket.io's typed-events shape of the map: `socket.on('kpis:changed', (payload) => …)`. */
export type LiveServerToClientEvents = {
  readonly [TName in LiveEventName]: (payload: LiveEventMap[TName]) => void;
};

/** A live event ready to send, carrying the id of the bus event it came from. */
export type LiveEvent = {
  readonly [TName in LiveEventName]: {
    readonly id: string;
    readonly tenantId: string;
    readonly name: TName;
    readonly payload: LiveEventMap[TName];
  };
}[LiveEventName];

/** Which bus event becomes which live event. */
export const BUS_TO_LIVE_EVENT = {
  'kpis.changed': 'kpis:changed',
  'sync.progress': 'sync:progress',
  'alert.raised': 'alert',
} as const satisfies Partial<Record<HostEventName, LiveEventName>>;

/** A bus event narrowed by its name. */
type AnyBusEvent = { [TName in HostEventName]: BusEvent<TName> }[HostEventName];

/** The live event of a bus event, or `undefined` for events that stay on the server. */
export function toLiveEvent(event: BusEvent): LiveEvent | undefined {
  const { id, tenantId } = event;
  const envelope = event as AnyBusEvent;
  switch (envelope.name) {
    case 'kpis.changed':
      return {
        id,
        tenantId,
        name: BUS_TO_LIVE_EVENT['kpis.changed'],
        payload: envelope.payload,
      };
    case 'sync.progress':
      return { id, tenantId, name: BUS_TO_LIVE_EVENT['sync.progress'], payload: envelope.payload };
    case 'alert.raised': {
      const { severity, title, details } = envelope.payload;
      const payload =
        details === undefined
          ? { severity, title, at: event.at }
          : { severity, title, details, at: event.at };
      return { id, tenantId, name: BUS_TO_LIVE_EVENT['alert.raised'], payload };
    }
    case 'sync.completed':
    case 'rule.fired':
    case 'plugin.status':
      return undefined;
    default:
      return assertNever(envelope, 'bus event');
  }
}
