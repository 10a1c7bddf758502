/**
 * Undo of a rule action: the inverse change through the same plugin (resume what was paused,
 * pause what was resumed, set the previous budget back), audited as the user's own act.
 */
import type { ActionContext } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../errors/errors.js';
import { isPluginError } from '../plugin-api/index.js';
import type { CampaignActions } from '../plugin-api/index.js';
import type { RuleActionEntry, RuleRunRepository } from './rule-run.repository.js';

export interface RuleUndoDeps {
  readonly runs: RuleRunRepository;
  readonly audit: AuditService;
  readonly actionsOf: (tenantId: string, pluginId: string) => Promise<CampaignActions | undefined>;
  readonly now: () => Date;
}

export function createRuleUndo(deps: RuleUndoDeps) {
  return {
    /** 404 unknown or another tenant's; 409 not undoable (not succeeded, already undone, a notification). */
    async undo(tenantId: string, actionId: string, context: ActionContext): Promise<RuleActionEntry> {
      const action = await deps.runs.findAction(tenantId, actionId);
      if (action === undefined)
        throw new NotFoundError('Rule action not found', { code: 'RULES_ACTION_NOT_FOUND' });
      if (action.status !== 'succeeded' || action.type === 'notify')
        throw new ConflictError(`A ${action.status} ${action.type} action cannot be undone`, {
          code: 'RULES_ACTION_NOT_UNDOABLE',
        });
      const actions = await deps.actionsOf(tenantId, action.pluginId);
      if (actions === undefined)
        throw new UnprocessableError(`Plugin ${action.pluginId} cannot change campaigns`, {
          code: 'RULES_NO_ACTIONS',
        });
      const ref = {
        accountExternalId: action.accountExternalId,
        campaignExternalId: action.campaignExternalId,
      };
      const ctx = { signal: AbortSignal.timeout(60_000), runId: action.runId };
      try {
        if (action.type === 'pause' && action.previous.status !== 'paused') await actions.resume(ref, ctx);
        else if (action.type === 'resume' && action.previous.status !== 'active')
          await actions.pause(ref, ctx);
        else if (action.type === 'set_budget' || action.type === 'change_budget') {
          const previous = action.previous.dailyBudgetCents;
          if (typeof previous !== 'number')
            throw new UnprocessableError('The campaign had no daily budget before the action', {
              code: 'RULES_UNDO_NO_PREVIOUS_BUDGET',
            });
          await actions.setDailyBudget(ref, previous, ctx);
        }
      } catch (error) {
        if (!isPluginError(error)) throw error;
        throw new UnprocessableError(`The platform refused the undo: ${error.message}`, {
          code: 'RULES_UNDO_FAILED',
          cause: error,
        });
      }
      const undone = await deps.runs.markUndone(tenantId, actionId, context.actor.id, deps.now());
      if (undone === undefined)
        throw new ConflictError('The action was undone meanwhile', { code: 'RULES_ACTION_NOT_UNDOABLE' });
      await deps.audit.record({
        tenantId,
        action: 'rule.undo',
        target: { type: 'campaign', id: action.campaignKey },
        outcome: 'success',
        context,
        changes: {
          ...(action.previous.status === undefined
            ? {}
            : { status: { from: action.current.status ?? null, to: action.previous.status } }),
          ...(action.previous.dailyBudgetCents === undefined
            ? {}
            : {
                dailyBudgetCents: {
                  from: action.current.dailyBudgetCents ?? null,
                  to: action.previous.dailyBudgetCents,
                },
              }),
          ruleActionId: { to: action.id },
        },
      });
      return undone;
    },
  };
}

export type RuleUndo = ReturnType<typeof createRuleUndo>;
