/**
 * Carrying out one rule's planned actions on one campaign: the cooldown claim first (so two
 * workers never double-act), then each action through the campaign's ad-platform plugin
 * (retried when the platform failed transiently), each recorded in `ruleActions` with the
 * previous value and in the audit log; a failure that outlives the retries raises an alert.
 */
import type { AuditService } from '../audit/audit.service.js';
import type { AlertService } from '../alerts/alert.service.js';
import type { EventBus } from '../events/event-bus.js';
import { isPluginError } from '../plugin-api/index.js';
import type {
  CampaignActions,
  CampaignRef,
  PlannedRuleAction,
  RuleCampaignSnapshot,
  RuleDefinition,
} from '../plugin-api/index.js';
import type { RuleRunActionEntry } from './rule.model.js';
import type { NewRuleAction, RuleActionEntry, RuleRunRepository } from './rule-run.repository.js';
import type { RuleNotifier } from './rule-notifier.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  /** Wait before attempt n+1 (last value repeats). */
  readonly delaysMs: readonly number[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 3, delaysMs: [500, 2_000] };

export interface ExecutorDeps {
  readonly runs: RuleRunRepository;
  readonly audit: AuditService;
  readonly alerts: AlertService;
  readonly bus: EventBus;
  readonly notifier: RuleNotifier;
  readonly actionsOf: (tenantId: string, pluginId: string) => Promise<CampaignActions | undefined>;
  readonly now: () => Date;
  readonly retry: RetryPolicy;
}

export interface CampaignExecution {
  readonly tenantId: string;
  readonly ruleId: string;
  readonly rule: RuleDefinition;
  readonly runId: string;
  readonly day: string;
  readonly campaign: RuleCampaignSnapshot;
  readonly planned: readonly PlannedRuleAction[];
  readonly explanation: string;
  readonly cooldownMinutes: number;
  readonly webhookSecret: string | undefined;
  readonly signal: AbortSignal;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const messageOf = (error: unknown) =>
  isPluginError(error)
    ? `${error.code}: ${error.message}`
    : error instanceof Error
      ? error.message
      : String(error);

async function withRetries<T>(
  policy: RetryPolicy,
  call: () => Promise<T>,
): Promise<{ value: T; attempts: number }> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { value: await call(), attempts: attempt };
    } catch (error) {
      // A config or auth failure will fail the same way again: only transient ones are retried.
      const retryable = !isPluginError(error) || error.kind === 'transient';
      if (!retryable || attempt >= policy.attempts)
        throw Object.assign(new Error(messageOf(error)), { attempts: attempt });
      await sleep(policy.delaysMs[Math.min(attempt - 1, policy.delaysMs.length - 1)] ?? 0);
    }
  }
}

type CampaignChange = { status?: string; dailyBudgetCents?: number | null };

async function callPlatform(
  actions: CampaignActions,
  planned: PlannedRuleAction,
  ref: CampaignRef,
  ctx: { signal: AbortSignal; runId: string },
): Promise<{ previous: CampaignChange; current: CampaignChange; effectiveFrom: string; response: unknown }> {
  switch (planned.action.type) {
    case 'pause':
    case 'resume': {
      const result = await (planned.action.type === 'pause'
        ? actions.pause(ref, ctx)
        : actions.resume(ref, ctx));
      return {
        previous: { status: result.previous },
        current: { status: result.current },
        effectiveFrom: result.effectiveFrom,
        response: result.platformResponse,
      };
    }
    case 'set_budget':
    case 'change_budget': {
      const result = await actions.setDailyBudget(ref, planned.targetBudgetCents ?? 0, ctx);
      return {
        previous: { dailyBudgetCents: result.previous },
        current: { dailyBudgetCents: result.current },
        effectiveFrom: result.effectiveFrom,
        response: result.platformResponse,
      };
    }
    case 'notify':
      throw new Error('notify is not a platform action');
  }
}

function shadowValues(
  planned: PlannedRuleAction,
  campaign: RuleCampaignSnapshot,
): { previous: CampaignChange; current: CampaignChange } {
  switch (planned.action.type) {
    case 'pause':
      return { previous: { status: campaign.status }, current: { status: 'paused' } };
    case 'resume':
      return { previous: { status: campaign.status }, current: { status: 'active' } };
    case 'set_budget':
    case 'change_budget':
      return {
        previous: { dailyBudgetCents: campaign.dailyBudgetCents },
        current: { dailyBudgetCents: planned.targetBudgetCents ?? null },
      };
    case 'notify':
      return { previous: {}, current: {} };
  }
}

export function createRuleExecutor(deps: ExecutorDeps) {
  const actionRecord = (
    job: CampaignExecution,
    planned: PlannedRuleAction,
    fields: Partial<RuleActionEntry> & Pick<RuleActionEntry, 'status'>,
  ): NewRuleAction => ({
    tenantId: job.tenantId,
    ruleId: job.ruleId,
    runId: job.runId,
    day: job.day,
    campaignKey: job.campaign.key,
    platform: job.campaign.platform,
    pluginId: job.campaign.pluginId,
    accountExternalId: job.campaign.accountExternalId,
    campaignExternalId: job.campaign.externalId,
    type: planned.action.type,
    previous: {},
    current: {},
    currency: job.campaign.currency,
    clippedBy: [...planned.clippedBy],
    explanation: job.explanation,
    platformResponse: null,
    effectiveFrom: null,
    attempts: 0,
    error: null,
    createdAt: deps.now(),
    ...fields,
  });
  const record = (
    job: CampaignExecution,
    planned: PlannedRuleAction,
    fields: Partial<RuleActionEntry> & Pick<RuleActionEntry, 'status'>,
  ) => deps.runs.insertAction(actionRecord(job, planned, fields));

  const audit = (job: CampaignExecution, action: RuleActionEntry) =>
    deps.audit.record({
      tenantId: job.tenantId,
      action: 'rule.act',
      target: { type: 'campaign', id: job.campaign.key },
      outcome: action.status === 'failed' ? 'failure' : 'success',
      context: { actor: { type: 'system', id: `rule:${job.ruleId}` }, origin: { requestId: job.runId } },
      changes: {
        ...(action.previous.status === undefined && action.current.status === undefined
          ? {}
          : { status: { from: action.previous.status ?? null, to: action.current.status ?? null } }),
        ...(action.previous.dailyBudgetCents === undefined && action.current.dailyBudgetCents === undefined
          ? {}
          : {
              dailyBudgetCents: {
                from: action.previous.dailyBudgetCents ?? null,
                to: action.current.dailyBudgetCents ?? null,
              },
            }),
        ruleActionId: { to: action.id },
      },
      reason: action.error?.split(':')[0] ?? undefined,
    });

  const runLive = async (job: CampaignExecution, planned: PlannedRuleAction): Promise<RuleActionEntry> => {
    try {
      if (planned.action.type === 'notify') {
        const action = planned.action;
        const { attempts } = await withRetries(deps.retry, () =>
          deps.notifier.notify({
            tenantId: job.tenantId,
            ruleId: job.ruleId,
            ruleName: job.rule.name,
            campaign: job.campaign,
            explanation: job.explanation,
            action,
            webhookSecret: job.webhookSecret,
            at: deps.now(),
            signal: job.signal,
          }),
        );
        return await record(job, planned, { status: 'succeeded', attempts });
      }
      const actions = await deps.actionsOf(job.tenantId, job.campaign.pluginId);
      if (actions === undefined)
        throw new Error(`RULES_NO_ACTIONS: plugin ${job.campaign.pluginId} cannot change campaigns`);
      const ref = {
        accountExternalId: job.campaign.accountExternalId,
        campaignExternalId: job.campaign.externalId,
      };
      const { value, attempts } = await withRetries(deps.retry, () =>
        callPlatform(actions, planned, ref, { signal: job.signal, runId: job.runId }),
      );
      return await record(job, planned, {
        status: 'succeeded',
        previous: value.previous,
        current: value.current,
        platformResponse: value.response,
        effectiveFrom: value.effectiveFrom,
        attempts,
      });
    } catch (error) {
      const attempts = (error as { attempts?: number }).attempts ?? 1;
      const expected = shadowValues(planned, job.campaign);
      return record(job, planned, {
        status: 'failed',
        previous: expected.previous,
        attempts,
        error: messageOf(error),
      });
    }
  };

  const entryOf = (
    job: CampaignExecution,
    planned: PlannedRuleAction,
    status: string,
    extra: Partial<RuleRunActionEntry> = {},
  ): RuleRunActionEntry => ({
    campaignKey: job.campaign.key,
    type: planned.action.type,
    status,
    actionId: null,
    blockedBy: planned.blockedBy ?? null,
    clippedBy: [...planned.clippedBy],
    error: null,
    ...extra,
  });

  return {
    entryOf,
    /** The cooldown lock of this rule (and mode) on this campaign. */
    claimKey: (job: CampaignExecution) => `${job.ruleId}|${job.rule.mode}|${job.campaign.key}`,
    /** What a shadow run records instead of acting: the change it would have made. */
    shadowRecords: (job: CampaignExecution, runnable: readonly PlannedRuleAction[]): NewRuleAction[] =>
      runnable.map((planned) =>
        actionRecord(job, planned, { status: 'shadow', ...shadowValues(planned, job.campaign) }),
      ),
    /** Acts (the claim is already held), audits, alerts on failure; gives the claim back when nothing changed. */
    async runLive(
      job: CampaignExecution,
      runnable: readonly PlannedRuleAction[],
    ): Promise<RuleRunActionEntry[]> {
      const entries: RuleRunActionEntry[] = [];
      let changed = false;
      for (const planned of runnable) {
        const action = await runLive(job, planned);
        await audit(job, action);
        entries.push(entryOf(job, planned, action.status, { actionId: action.id, error: action.error }));
        if (action.status === 'succeeded') {
          changed ||= planned.action.type !== 'notify';
          await deps.bus.publish(job.tenantId, 'rule.fired', {
            ruleId: job.ruleId,
            campaignExternalId: job.campaign.externalId,
            action: planned.action.type,
          });
        } else {
          await deps.alerts.raise(job.tenantId, {
            source: `rules:${job.ruleId}`,
            severity: 'critical',
            title: `Rule "${job.rule.name}" could not ${planned.action.type.replace('_', ' ')} ${job.campaign.name}`,
            details: {
              ruleId: job.ruleId,
              campaignKey: job.campaign.key,
              ruleActionId: action.id,
              error: action.error ?? '',
            },
          });
        }
      }
      // Nothing changed on the platform (every change failed): the next run may try again.
      if (!changed && runnable.every((planned) => planned.action.type !== 'notify'))
        await deps.runs.release(
          job.tenantId,
          `${job.ruleId}|${job.rule.mode}|${job.campaign.key}`,
          job.runId,
        );
      return entries;
    },
  };
}

export type RuleExecutor = ReturnType<typeof createRuleExecutor>;
