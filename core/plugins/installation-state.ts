import type { PluginErrorKind } from '../plugin-api/index.js';
import type { Logger } from 'pino';
import { SYSTEM_ACTION_CONTEXT } from '../audit/audit-event.js';
import type { ActionContext, AuditChanges } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import type { EventBus } from '../events/event-bus.js';
import type { InstallationStatus } from './installation.model.js';
import type {
  ChangeCondition,
  Installation,
  InstallationFields,
  InstallationRepository,
} from './installation.repository.js';
import { pluginErrors } from './plugin-errors.js';
import type { PluginJobsPort } from './ports.js';

/** Consecutive failures that open the breaker. */
export const DEFAULT_BREAKER_THRESHOLD = 5;

export const INSTALLATION_ACTIONS = [
  'install',
  'configure',
  'check',
  'enable',
  'disable',
  'uninstall',
  'sync',
  'fail',
  'recover',
  'suspend',
] as const;
export type InstallationAction = (typeof INSTALLATION_ACTIONS)[number];

export interface TransitionRequest {
  readonly action: InstallationAction;
  readonly from: Installation;
  readonly to: InstallationStatus;
  readonly context: ActionContext;
  readonly message?: string | undefined;
  readonly set?: InstallationFields;
  /** Default: the status is still `from.status` (nobody changed it meanwhile). */
  readonly condition?: ChangeCondition;
  /** Fields for the audit entry beside the status change (never config or secret values). */
  readonly changes?: AuditChanges;
  /** When the status does not change: keep history and audit quiet (repeated failures). */
  readonly quietUnlessChanged?: boolean;
}

/** A failed call into the plugin, as the breaker counts it. */
export interface RecordedFailure {
  /** `auth`: credentials refused — status `auth_error` (the breaker does not count it). */
  readonly kind?: PluginErrorKind;
  readonly code: string;
  readonly message: string;
  readonly set?: InstallationFields;
}

export interface InstallationStateWriter {
  /** Applies a transition with history, audit and a `plugin.status` event; 409 when the state moved meanwhile. */
  apply(request: TransitionRequest): Promise<Installation>;
  /** Counts a failure: status `error`, or `suspended` (jobs unscheduled) once the breaker opens. */
  recordFailure(
    tenantId: string,
    pluginId: string,
    failure: RecordedFailure,
  ): Promise<Installation | undefined>;
  /** A successful call: resets the count and leaves `error` for the resting status. */
  recordSuccess(installation: Installation, set?: InstallationFields): Promise<Installation>;
  /** Called after the breaker suspended an installation (the runtime drops its instance). */
  onSuspended(listener: (installation: Installation) => void): void;
}

export interface InstallationStateWriterDeps {
  readonly repository: InstallationRepository;
  readonly audit: AuditService;
  readonly events: EventBus;
  readonly jobs: PluginJobsPort;
  readonly logger: Logger;
  readonly now: () => Date;
  readonly breakerThreshold?: number;
}

const NOT_SUSPENDED: readonly InstallationStatus[] = [
  'installed',
  'configured',
  'ready',
  'enabled',
  'disabled',
  'error',
  'auth_error',
];

/** Statuses a successful call recovers from. */
const FAILED: readonly InstallationStatus[] = ['error', 'auth_error'];

/** Where an installation rests when nothing is wrong: what `error` returns to after a success. */
export function restingStatus(installation: Installation, checkOk?: boolean): InstallationStatus {
  if (installation.enabled) return 'enabled';
  if (installation.configVersion === 0) return 'installed';
  const lastCheck = installation.lastCheck;
  const okNow =
    checkOk ??
    (lastCheck !== undefined &&
      lastCheck.configVersion === installation.configVersion &&
      (lastCheck.status === 'ok' || lastCheck.status === 'degraded'));
  return okNow ? 'ready' : 'configured';
}

export function createInstallationStateWriter(deps: InstallationStateWriterDeps): InstallationStateWriter {
  const { repository, audit, events, jobs, logger, now } = deps;
  const threshold = deps.breakerThreshold ?? DEFAULT_BREAKER_THRESHOLD;
  const suspendedListeners: ((installation: Installation) => void)[] = [];

  const publishStatus = async (installation: Installation) => {
    try {
      await events.publish(installation.tenantId, 'plugin.status', {
        pluginId: installation.pluginId,
        status: installation.status,
        message: installation.statusMessage ?? '',
      });
    } catch (error) {
      logger.warn({ err: error, pluginId: installation.pluginId }, 'plugin.status event not published');
    }
  };

  const apply = async (request: TransitionRequest): Promise<Installation> => {
    const { from, to, action, context } = request;
    const changed = from.status !== to;
    const quiet = request.quietUnlessChanged === true && !changed;
    const actor = context.actor.type === 'system' ? null : { type: context.actor.type, id: context.actor.id };
    const after = await repository.update(
      from.tenantId,
      from.pluginId,
      {
        at: now(),
        set: { ...request.set, status: to },
        ...(quiet ? {} : { history: { action, from: from.status, to, actor, message: request.message } }),
      },
      request.condition ?? { statusIn: [from.status] },
    );
    if (after === undefined) throw pluginErrors.concurrentChange(from.pluginId);
    if (!quiet) {
      await audit.record({
        tenantId: from.tenantId,
        action: `plugin.${action}`,
        target: { type: 'pluginInstallation', id: from.id },
        outcome: 'success',
        context,
        changes: { pluginId: { to: from.pluginId }, status: { from: from.status, to }, ...request.changes },
      });
    }
    if (changed) await publishStatus(after);
    return after;
  };

  return {
    apply,
    async recordFailure(tenantId, pluginId, failure) {
      const counted = await repository.incrementFailures(tenantId, pluginId, {
        at: now(),
        code: failure.code,
      });
      if (counted === undefined) return undefined;
      if (failure.kind === 'auth' && counted.status !== 'suspended' && counted.configVersion > 0) {
        const message = `Credentials refused: ${failure.message} — update the credentials, then check or enable again.`;
        return apply({
          action: 'fail',
          from: counted,
          to: 'auth_error',
          context: SYSTEM_ACTION_CONTEXT,
          message,
          set: { ...failure.set, statusMessage: message },
          condition: { statusIn: NOT_SUSPENDED },
          changes: { reason: { to: failure.code } },
          quietUnlessChanged: true,
        });
      }
      if (counted.status === 'suspended' || counted.configVersion === 0) {
        return failure.set === undefined
          ? counted
          : ((await repository.update(tenantId, pluginId, { at: now(), set: failure.set })) ?? counted);
      }
      const opens = counted.failures.consecutive >= threshold;
      const message = opens
        ? `Suspended after ${counted.failures.consecutive} consecutive failures; last: ${failure.message}`
        : failure.message;
      const next = await apply({
        action: opens ? 'suspend' : 'fail',
        from: counted,
        to: opens ? 'suspended' : 'error',
        context: SYSTEM_ACTION_CONTEXT,
        message,
        set: { ...failure.set, statusMessage: message, ...(opens ? { enabled: false } : {}) },
        condition: { statusIn: NOT_SUSPENDED },
        changes: { failures: { to: counted.failures.consecutive }, reason: { to: failure.code } },
        quietUnlessChanged: true,
      }).catch(async (error: unknown) => {
        // Another failure suspended it first: this one is counted and nothing else is due.
        const current = await repository.find(tenantId, pluginId);
        if (current?.status === 'suspended') return current;
        throw error;
      });
      if (opens && next.status === 'suspended') {
        await jobs.unscheduleInstallation({ tenantId, pluginId, installationId: counted.id });
        logger.warn(
          { tenantId, pluginId, failures: counted.failures.consecutive },
          'plugin suspended by its breaker',
        );
        for (const listener of suspendedListeners) listener(next);
      }
      return next;
    },
    async recordSuccess(installation, set = {}) {
      const failed = FAILED.includes(installation.status);
      const needsReset = installation.failures.consecutive > 0 || failed;
      if (!needsReset && Object.keys(set).length === 0) return installation;
      if (!failed) {
        const after = await repository.update(installation.tenantId, installation.pluginId, {
          at: now(),
          set: { ...set, resetFailures: true },
        });
        return after ?? installation;
      }
      return apply({
        action: 'recover',
        from: installation,
        to: restingStatus({
          ...installation,
          ...(set.lastCheck === undefined ? {} : { lastCheck: set.lastCheck }),
        }),
        context: SYSTEM_ACTION_CONTEXT,
        set: { ...set, statusMessage: null, resetFailures: true },
      });
    },
    onSuspended(listener) {
      suspendedListeners.push(listener);
    },
  };
}
