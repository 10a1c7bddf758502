import type { ConversionDestination } from '../plugin-api/index.js';
import type { DeliveryRecord } from './capi-event.model.js';
import type { CapiEventRepository, NewCapiEvent, StoredCapiEvent } from './capi-event.repository.js';
import type { ClearDataSealer } from './clear-data-sealer.js';
import type { DestinationsProvider } from './destinations.js';
import { DEFAULT_DEDUP_WINDOW_MS } from './destinations.js';
import { clearIdentifiers, hashIdentifiers } from './identity-hashing.js';
import { intakeEventSchema, standardEventName } from './intake.schemas.js';
import type { IntakeEvent, IntakeResponse } from './intake.schemas.js';
import { scoreEvent } from './quality-score.js';

export interface ConversionsIntakeDeps {
  readonly repository: CapiEventRepository;
  readonly destinations: DestinationsProvider;
  readonly sealer: ClearDataSealer;
  readonly now: () => Date;
  /** How long hashed events are kept (the personal-data map's `capiEvents` retention). */
  readonly retentionMs: number;
  /** Called when some event has a pending delivery (queues the delivery job). */
  readonly onPending: (tenantId: string) => Promise<void>;
}

export interface ConversionsIntake {
  ingest(tenantId: string, events: readonly unknown[]): Promise<IntakeResponse>;
}

const FUTURE_TOLERANCE_MS = 5 * 60_000;
const DAY_MS = 86_400_000;

const keyOf = (eventName: string, eventId: string) => `${eventName}\u0000${eventId}`;

function eventTime(event: IntakeEvent): Date {
  return typeof event.eventTime === 'number' ? new Date(event.eventTime * 1000) : new Date(event.eventTime);
}

function deliveryFor(
  destination: ConversionDestination,
  event: { consent: boolean; occurredAt: Date; earlier: readonly Date[] },
  now: Date,
): DeliveryRecord {
  const final = (status: DeliveryRecord['status'], reason: string): DeliveryRecord => ({
    status,
    attempts: 0,
    nextAttemptAt: null,
    reason,
    finishedAt: now,
  });
  const { limits, platform } = destination;
  if (!event.consent) return final('skipped', 'No ads consent (consent.ads is not true): not sent');
  if (now.getTime() - event.occurredAt.getTime() > limits.maxEventAgeMs)
    return final(
      'refused',
      `Event is older than ${platform} accepts (${Math.round(limits.maxEventAgeMs / DAY_MS)} days)`,
    );
  const duplicateOf = event.earlier.find((at) => now.getTime() - at.getTime() <= limits.dedupWindowMs);
  if (duplicateOf !== undefined)
    return final(
      'duplicate',
      `Same event name and event id received at ${duplicateOf.toISOString()}, within ${platform}'s dedup window`,
    );
  return { status: 'pending', attempts: 0, nextAttemptAt: now, reason: null, finishedAt: null };
}

function firstIssue(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'Invalid event';
  const path = issue.path.map(String).join('.');
  return path === '' ? issue.message : `${path}: ${issue.message}`;
}

/** Validates each event on its own, hashes identifiers, scores, deduplicates and stores. */
export function createConversionsIntake(deps: ConversionsIntakeDeps): ConversionsIntake {
  return {
    async ingest(tenantId, rawEvents) {
      const now = deps.now();
      const rejected: IntakeResponse['rejected'] = [];
      const valid: { index: number; event: IntakeEvent; occurredAt: Date }[] = [];
      rawEvents.forEach((raw, index) => {
        const parsed = intakeEventSchema.safeParse(raw);
        const eventId =
          typeof (raw as { eventId?: unknown } | null)?.eventId === 'string'
            ? (raw as { eventId: string }).eventId
            : null;
        if (!parsed.success) return rejected.push({ index, eventId, reason: firstIssue(parsed.error) });
        const occurredAt = eventTime(parsed.data);
        if (occurredAt.getTime() - now.getTime() > FUTURE_TOLERANCE_MS)
          return rejected.push({ index, eventId, reason: 'eventTime: is in the future' });
        return valid.push({ index, event: parsed.data, occurredAt });
      });

      const destinations = await deps.destinations.forTenant(tenantId);
      const window = Math.max(DEFAULT_DEDUP_WINDOW_MS, ...destinations.map((d) => d.limits.dedupWindowMs));
      const keys = valid.map(({ event }) => ({
        eventName: standardEventName(event.eventName) ?? event.eventName,
        eventId: event.eventId,
      }));
      const earlier = new Map<string, Date[]>();
      const remember = (stored: Pick<StoredCapiEvent, 'eventName' | 'eventId' | 'receivedAt'>) => {
        const key = keyOf(stored.eventName, stored.eventId);
        earlier.set(key, [...(earlier.get(key) ?? []), stored.receivedAt]);
      };
      for (const stored of await deps.repository.findRecentByKey(
        tenantId,
        keys,
        new Date(now.getTime() - window),
      ))
        remember(stored);

      const documents: NewCapiEvent[] = [];
      for (const { event, occurredAt } of valid) {
        const eventName = standardEventName(event.eventName) ?? 'Purchase';
        const consent = event.consent?.ads === true;
        const hashed = hashIdentifiers(event.user);
        const clear = clearIdentifiers(event.user);
        const previous = earlier.get(keyOf(eventName, event.eventId)) ?? [];
        const deliveries = Object.fromEntries(
          destinations.map((destination) => [
            destination.platform,
            deliveryFor(destination, { consent, occurredAt, earlier: previous }, now),
          ]),
        );
        remember({ eventName, eventId: event.eventId, receivedAt: now });
        const pending = Object.values(deliveries).some((delivery) => delivery.status === 'pending');
        documents.push({
          tenantId,
          source: event.source ?? event.actionSource,
          eventName,
          eventId: event.eventId,
          occurredAt,
          receivedAt: now,
          actionSource: event.actionSource,
          pageUrl: event.pageUrl ?? null,
          orderId: event.orderId ?? null,
          valueCents: event.valueCents ?? null,
          currency: event.currency ?? null,
          consent,
          hashed,
          // Clear fields are kept only while a platform still needs them.
          clearSealed: pending && Object.keys(clear).length > 0 ? deps.sealer.seal(tenantId, clear) : null,
          quality: scoreEvent({
            raw: event.user,
            hashed,
            clear,
            orderId: event.orderId,
            ageMs: now.getTime() - occurredAt.getTime(),
          }),
          deliveries,
          expiresAt: new Date(now.getTime() + deps.retentionMs),
        });
      }
      const stored = await deps.repository.insertMany(documents);
      if (stored.some((event) => Object.values(event.deliveries).some((d) => d.status === 'pending')))
        await deps.onPending(tenantId);
      return {
        accepted: stored.map((event, position) => ({
          index: valid[position]?.index ?? -1,
          eventId: event.eventId,
          qualityScore: event.quality.score,
          deliveries: Object.fromEntries(
            Object.entries(event.deliveries).map(([platform, delivery]) => [
              platform,
              { status: delivery.status, reason: delivery.reason },
            ]),
          ),
        })),
        rejected: rejected.sort((a, b) => a.index - b.index),
      };
    },
  };
}
