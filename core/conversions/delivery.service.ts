import type {
  ConversionDestination,
  ConversionEvent,
  ConversionEventOutcome,
  StandardConversionEvent,
} from '../plugin-api/index.js';
import type { DeliveryRecord } from './capi-event.model.js';
import type { CapiEventRepository, DeliveryChange, StoredCapiEvent } from './capi-event.repository.js';
import type { ClearDataSealer } from './clear-data-sealer.js';
import type { DestinationsProvider } from './destinations.js';

export interface DeliveryPolicy {
  /** Attempts per event and platform before it is dead-lettered (default 5). */
  readonly maxAttempts: number;
  /** Back-off after the first failed attempt, doubled per attempt (default 30 s). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Batches per platform in one run, so one run stays short (default 20). */
  readonly maxBatchesPerRun: number;
}

export const DEFAULT_DELIVERY_POLICY: DeliveryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 3_600_000,
  maxBatchesPerRun: 20,
};

export interface DeliveryReport {
  sent: number;
  retrying: number;
  dead: number;
  refused: number;
  /** When the next pending delivery is due, if any (the job re-queues itself for then). */
  nextDueAt: Date | undefined;
}

export interface ConversionsDelivery {
  deliverDue(tenantId: string, signal: AbortSignal): Promise<DeliveryReport>;
}

export interface ConversionsDeliveryDeps {
  readonly repository: CapiEventRepository;
  readonly destinations: DestinationsProvider;
  readonly sealer: ClearDataSealer;
  readonly now: () => Date;
  readonly policy?: Partial<DeliveryPolicy>;
}

function toConversionEvent(event: StoredCapiEvent, sealer: ClearDataSealer): ConversionEvent {
  return {
    eventId: event.eventId,
    eventName: event.eventName as StandardConversionEvent,
    occurredAt: event.occurredAt.toISOString(),
    actionSource: event.actionSource as ConversionEvent['actionSource'],
    pageUrl: event.pageUrl,
    orderId: event.orderId,
    valueCents: event.valueCents,
    currency: event.currency,
    hashed: event.hashed,
    clear: event.clearSealed === null ? {} : sealer.open(event.tenantId, event.clearSealed),
  };
}

/** Sends due events per platform in batches of the platform's size; retries with back-off; dead-letters. */
export function createConversionsDelivery(deps: ConversionsDeliveryDeps): ConversionsDelivery {
  const policy = { ...DEFAULT_DELIVERY_POLICY, ...deps.policy };
  const backoffMs = (attempts: number, advisedMs: number | undefined) =>
    Math.max(advisedMs ?? 0, Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1)));

  const finish = (
    status: DeliveryRecord['status'],
    attempts: number,
    reason: string | null,
  ): DeliveryRecord => ({
    status,
    attempts,
    nextAttemptAt: null,
    reason,
    finishedAt: deps.now(),
  });

  function applyOutcome(
    event: StoredCapiEvent,
    previous: DeliveryRecord,
    outcome: ConversionEventOutcome | undefined,
    retryAfterMs: number | undefined,
    report: DeliveryReport,
  ): DeliveryRecord {
    const attempts = previous.attempts + 1;
    if (outcome?.status === 'accepted') {
      report.sent += 1;
      return finish('sent', attempts, null);
    }
    const reason = outcome?.reason ?? 'The platform gave no answer for this event';
    const retryable = outcome === undefined || outcome.retryable;
    if (!retryable || attempts >= policy.maxAttempts) {
      report.dead += 1;
      return finish('dead', attempts, retryable ? `Gave up after ${attempts} attempts: ${reason}` : reason);
    }
    report.retrying += 1;
    return {
      status: 'pending',
      attempts,
      nextAttemptAt: new Date(deps.now().getTime() + backoffMs(attempts, retryAfterMs)),
      reason,
      finishedAt: null,
    };
  }

  async function deliverTo(
    tenantId: string,
    destination: ConversionDestination,
    signal: AbortSignal,
    report: DeliveryReport,
    touched: Set<string>,
  ): Promise<void> {
    const { platform, limits } = destination;
    for (let batch = 0; batch < policy.maxBatchesPerRun && !signal.aborted; batch += 1) {
      const now = deps.now();
      const due = await deps.repository.findDue(tenantId, platform, now, limits.maxBatchSize);
      if (due.length === 0) return;
      const changes: DeliveryChange[] = [];
      const sendable: StoredCapiEvent[] = [];
      for (const event of due) {
        touched.add(event.id);
        const previous = event.deliveries[platform] as DeliveryRecord;
        // An event can age past the platform's limit while it waits for a retry.
        if (now.getTime() - event.occurredAt.getTime() > limits.maxEventAgeMs) {
          report.refused += 1;
          changes.push({
            id: event.id,
            delivery: finish(
              'refused',
              previous.attempts,
              `Event became older than ${platform} accepts while retrying`,
            ),
          });
        } else sendable.push(event);
      }
      let retryableFailure = false;
      if (sendable.length > 0) {
        const result = await destination.upload(
          sendable.map((event) => toConversionEvent(event, deps.sealer)),
          { signal },
        );
        const outcomes = new Map(result.outcomes.map((outcome) => [outcome.eventId, outcome]));
        for (const event of sendable) {
          const outcome = outcomes.get(event.eventId);
          if (outcome?.status === 'rejected' && outcome.retryable) retryableFailure = true;
          const previous = event.deliveries[platform] as DeliveryRecord;
          changes.push({
            id: event.id,
            delivery: applyOutcome(event, previous, outcome, result.retryAfterMs, report),
          });
        }
      }
      await deps.repository.setDeliveries(tenantId, platform, changes);
      // A throttled or failing platform gets its back-off before the next batch.
      if (retryableFailure || due.length < limits.maxBatchSize) return;
    }
  }

  return {
    async deliverDue(tenantId, signal) {
      const report: DeliveryReport = { sent: 0, retrying: 0, dead: 0, refused: 0, nextDueAt: undefined };
      const destinations = await deps.destinations.forTenant(tenantId);
      const touched = new Set<string>();
      for (const destination of destinations) await deliverTo(tenantId, destination, signal, report, touched);
      await deps.repository.clearFinished(tenantId, [...touched]);
      report.nextDueAt = await deps.repository.nextDueAt(
        tenantId,
        destinations.map((destination) => destination.platform),
      );
      return report;
    },
  };
}
