import { toPage } from '../audit/paging.js';
import type { Page, PageRequest } from '../audit/paging.js';
import { ConflictError, NotFoundError } from '../errors/errors.js';
import type { BusEvent, EventBus } from '../events/event-bus.js';
import type { JsonObject } from '../plugin-api/index.js';
import type { AlertSeverity, AlertStatus } from './alert.model.js';
import type { Alert, AlertFilter, AlertRepository, NotificationRequest } from './alert.repository.js';

export interface RaiseAlertInput {
  readonly source: string;
  readonly severity: AlertSeverity;
  readonly title: string;
  readonly details?: JsonObject;
}

/**
 * The small read side the chat's `alerts` intent and the `<stratum-alerts>` widget use.
 * Newest first; `limit` 1–200 (default 20).
 */
export interface AlertReader {
  listAlerts(
    tenantId: string,
    options?: { readonly status?: AlertStatus; readonly since?: Date; readonly limit?: number },
  ): Promise<readonly Alert[]>;
}

export interface AlertService extends AlertReader {
  /** Stores an open alert and publishes `alert.raised` (live clients show it at once). */
  raise(tenantId: string, input: RaiseAlertInput): Promise<Alert>;
  list(tenantId: string, filter: AlertFilter, page: PageRequest): Promise<Page<Alert>>;
  /** 404 for unknown and other tenants' ids; 409 when no longer open. */
  acknowledge(tenantId: string, id: string, by: string): Promise<Alert>;
  /** Queues a WhatsApp message to the tenant's managers (the channel drains the outbox). */
  requestManagerMessage(
    tenantId: string,
    request: Pick<NotificationRequest, 'severity' | 'title' | 'text' | 'source'> & {
      readonly alertId?: string;
    },
  ): Promise<NotificationRequest>;
  /** For the WhatsApp channel: takes the oldest pending request, or `undefined`. */
  claimManagerMessage(tenantId: string): Promise<NotificationRequest | undefined>;
  completeManagerMessage(tenantId: string, id: string, status: 'sent' | 'failed'): Promise<void>;
  /** Stores `alert.raised` events others published (plugins); returns the unsubscribe function. */
  subscribe(bus: EventBus): () => void;
}

export interface AlertServiceDeps {
  readonly repository: AlertRepository;
  readonly bus: EventBus;
  readonly now: () => Date;
}

/** Marks events this service published itself, so its own subscriber does not store them twice. */
const ALERT_ID_FIELD = 'alertId';

export function createAlertService(deps: AlertServiceDeps): AlertService {
  const { repository, now } = deps;
  const store = async (event: BusEvent<'alert.raised'>) => {
    if (event.payload.details?.[ALERT_ID_FIELD] !== undefined) return;
    await repository.insert({
      tenantId: event.tenantId,
      source: typeof event.payload.details?.source === 'string' ? event.payload.details.source : 'bus',
      severity: event.payload.severity,
      title: event.payload.title,
      details: event.payload.details ?? {},
      createdAt: new Date(event.at),
      eventId: event.id,
    });
  };
  return {
    async raise(tenantId, input) {
      const alert = await repository.insert({
        tenantId,
        source: input.source,
        severity: input.severity,
        title: input.title,
        details: input.details ?? {},
        createdAt: now(),
      });
      if (alert === undefined) throw new Error('An alert without an event id cannot be a duplicate');
      await deps.bus.publish(tenantId, 'alert.raised', {
        severity: alert.severity,
        title: alert.title,
        details: { ...(input.details ?? {}), [ALERT_ID_FIELD]: alert.id, source: alert.source },
      });
      return alert;
    },
    async list(tenantId, filter, page) {
      return toPage(await repository.list(tenantId, filter, page), page.limit);
    },
    async listAlerts(tenantId, options = {}) {
      const limit = Math.min(200, Math.max(1, options.limit ?? 20));
      const rows = await repository.list(
        tenantId,
        { status: options.status, since: options.since },
        { limit },
      );
      return rows.slice(0, limit);
    },
    async acknowledge(tenantId, id, by) {
      const acknowledged = await repository.acknowledge(tenantId, id, by, now());
      if (acknowledged !== undefined) return acknowledged;
      const existing = await repository.findById(tenantId, id);
      if (existing === undefined) throw new NotFoundError('Alert not found', { code: 'ALERTS_NOT_FOUND' });
      throw new ConflictError(`The alert is already ${existing.status}`, { code: 'ALERTS_NOT_OPEN' });
    },
    requestManagerMessage(tenantId, request) {
      return repository.insertNotificationRequest({
        tenantId,
        channel: 'whatsapp',
        audience: 'managers',
        severity: request.severity,
        title: request.title,
        text: request.text,
        source: request.source,
        alertId: request.alertId,
        createdAt: now(),
      });
    },
    claimManagerMessage: (tenantId) => repository.claimNotificationRequest(tenantId, now()),
    completeManagerMessage: (tenantId, id, status) =>
      repository.markNotificationRequest(tenantId, id, status),
    subscribe(bus) {
      return bus.subscribe('alert.raised', store);
    },
  };
}
