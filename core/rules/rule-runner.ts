/**
 * One evaluation pass of a tenant's rules (after a sync, on a cron fire, or on demand): each
 * rule's run is taken once per trigger, the numbers for every rule are read in one batch, the
 * engine decides, the executor acts, and each run is recorded in `ruleRuns`.
 */
import { dayInTimeZone } from '../analytics/calendar-days.js';
import type { KpiService } from '../analytics/kpi.service.js';
import type { PlannedRuleAction, RuleCampaignSnapshot, RulesEngine } from '../plugin-api/index.js';
import type { RuleRunActionEntry, RuleRunStatus } from './rule.model.js';
import type { Rule } from './rule.repository.js';
import type { CampaignExecution, RuleExecutor } from './rule-executor.js';
import type { RuleRun, RuleRunRepository } from './rule-run.repository.js';
import {
  RECENT_CHANGES_MS,
  buildSnapshots,
  mergeWindowRequests,
  withRecentChanges,
} from './rule-snapshots.js';
import type { RuleCampaignReader } from './rule-snapshots.js';

const MAX_RECORDED_MATCHES = 50;

export interface RuleRunnerDeps {
  readonly runs: RuleRunRepository;
  readonly campaigns: RuleCampaignReader;
  readonly kpis: Pick<KpiService, 'query'>;
  readonly executor: RuleExecutor;
  /** The tenant's rules engine; `undefined` when the rules plugin is not installed and enabled. */
  readonly engineOf: (tenantId: string) => Promise<RulesEngine | undefined>;
  readonly tenants: { get(tenantId: string): Promise<{ readonly timezone: string }> };
  readonly now: () => Date;
}

export interface RunRequest {
  readonly tenantId: string;
  readonly rules: readonly Rule[];
  readonly trigger: 'sync' | 'schedule' | 'manual';
  readonly triggerKey: string;
  readonly signal?: AbortSignal;
}

export interface RunReport {
  readonly runs: readonly RuleRun[];
  readonly kpiQueries: number;
}

function statusOf(entries: readonly RuleRunActionEntry[], errors: readonly string[]): RuleRunStatus {
  const failed = entries.filter((entry) => entry.status === 'failed').length;
  const done = entries.filter((entry) => entry.status === 'succeeded' || entry.status === 'shadow').length;
  if (errors.length > 0 || (failed > 0 && done === 0)) return 'failed';
  return failed > 0 ? 'partial' : 'succeeded';
}

interface Execution {
  readonly job: CampaignExecution;
  readonly runnable: PlannedRuleAction[];
  readonly entries: RuleRunActionEntry[];
}

const BUDGET_ACTIONS: ReadonlySet<string> = new Set(['set_budget', 'change_budget']);

/**
 * One budget change per campaign per pass (rules in creation order): every rule decided on the
 * same snapshot, so a second change would be clipped against a budget that no longer holds.
 * The next pass sees the change and may act again within the daily guardrail.
 */
function oneBudgetChangePerCampaign(executions: readonly Execution[], executor: RuleExecutor): void {
  const changed = new Set<string>();
  for (const execution of executions) {
    const key = `${execution.job.rule.mode}|${execution.job.campaign.key}`;
    const kept: PlannedRuleAction[] = [];
    for (const planned of execution.runnable) {
      if (!BUDGET_ACTIONS.has(planned.action.type)) kept.push(planned);
      else if (changed.has(key))
        execution.entries.push(
          executor.entryOf(execution.job, { ...planned, blockedBy: 'budget_changed_this_pass' }, 'blocked'),
        );
      else {
        changed.add(key);
        kept.push(planned);
      }
    }
    execution.runnable.splice(0, execution.runnable.length, ...kept);
  }
}

export function createRuleRunner(deps: RuleRunnerDeps) {
  const plan = (
    engine: RulesEngine,
    run: RuleRun,
    rule: Rule,
    snapshots: readonly RuleCampaignSnapshot[],
    byKey: ReadonlyMap<string, RuleCampaignSnapshot>,
    signal: AbortSignal,
  ) => {
    const evaluation = engine.evaluate({ rule: rule.definition, today: run.day, campaigns: snapshots });
    const matched = evaluation.verdicts.filter((verdict) => verdict.matched);
    const planned = new Map<string, PlannedRuleAction[]>();
    for (const action of evaluation.actions) {
      const list = planned.get(action.campaignKey);
      if (list === undefined) planned.set(action.campaignKey, [action]);
      else list.push(action);
    }
    const executions: Execution[] = [];
    for (const verdict of matched) {
      const campaign = byKey.get(verdict.campaignKey);
      const actions = planned.get(verdict.campaignKey) ?? [];
      if (campaign === undefined || actions.length === 0) continue;
      const job: CampaignExecution = {
        tenantId: run.tenantId,
        ruleId: rule.id,
        rule: rule.definition,
        runId: run.id,
        day: run.day,
        campaign,
        planned: actions,
        explanation: verdict.explanation,
        cooldownMinutes: rule.definition.cooldownMinutes ?? engine.defaultCooldownMinutes(),
        webhookSecret: engine.webhookSecret(),
        signal,
      };
      const blocked = actions.filter((action) => action.blockedBy !== undefined);
      executions.push({
        job,
        runnable: actions.filter((action) => action.blockedBy === undefined),
        entries: blocked.map((action) => deps.executor.entryOf(job, action, 'blocked')),
      });
    }
    // Only the count and the matched verdicts outlive the plan: holding every rule's verdicts
    // (rules × campaigns, 2.5 M with their traces) until the pass ends made the GC the bottleneck.
    return { inScope: evaluation.inScope, matched, executions };
  };

  const execute = async (tenantId: string, executions: readonly Execution[]) => {
    const now = deps.now();
    const wanted = executions.filter((execution) => execution.runnable.length > 0);
    const claimed = await deps.runs.claimMany(
      tenantId,
      wanted.map(({ job }) => ({
        key: deps.executor.claimKey(job),
        until: new Date(now.getTime() + job.cooldownMinutes * 60_000),
        runId: job.runId,
      })),
      now,
    );
    const shadow: { execution: Execution; records: ReturnType<RuleExecutor['shadowRecords']> }[] = [];
    for (const execution of wanted) {
      const { job, runnable } = execution;
      if (!claimed.has(deps.executor.claimKey(job)))
        execution.entries.push(...runnable.map((planned) => deps.executor.entryOf(job, planned, 'cooldown')));
      else if (job.rule.mode === 'shadow')
        shadow.push({ execution, records: deps.executor.shadowRecords(job, runnable) });
      else execution.entries.push(...(await deps.executor.runLive(job, runnable)));
    }
    const inserted = await deps.runs.insertActions(shadow.flatMap(({ records }) => records));
    let index = 0;
    for (const { execution, records } of shadow)
      for (const planned of execution.runnable.slice(0, records.length))
        execution.entries.push(
          deps.executor.entryOf(execution.job, planned, 'shadow', {
            actionId: inserted[index++]?.id ?? null,
          }),
        );
  };

  return {
    async run(request: RunRequest): Promise<RunReport> {
      const engine = await deps.engineOf(request.tenantId);
      if (engine === undefined || request.rules.length === 0) return { runs: [], kpiQueries: 0 };
      const tenant = await deps.tenants.get(request.tenantId);
      const day = dayInTimeZone(deps.now(), tenant.timezone);
      const byId = new Map(request.rules.map((rule) => [rule.id, rule]));
      const started = (
        await deps.runs.startMany(
          request.rules.map((rule) => ({
            tenantId: request.tenantId,
            ruleId: rule.id,
            trigger: request.trigger,
            triggerKey: request.triggerKey,
            mode: rule.definition.mode,
            day,
            startedAt: deps.now(),
          })),
        )
      ).flatMap((run) => {
        const rule = byId.get(run.ruleId);
        return rule === undefined ? [] : [{ run, rule }];
      });
      if (started.length === 0) return { runs: [], kpiQueries: 0 };
      const signal = request.signal ?? new AbortController().signal;
      try {
        const since = new Date(deps.now().getTime() - RECENT_CHANGES_MS);
        const [stored, changes, budgets] = await Promise.all([
          deps.campaigns.list(request.tenantId),
          deps.runs.recentChanges(request.tenantId, since),
          deps.runs.budgetsAtStartOfDay(request.tenantId, day),
        ]);
        const requests = mergeWindowRequests(
          started.flatMap(({ rule }) => engine.windowsFor(rule.definition, day)),
        );
        const { snapshots, kpiQueries } = await buildSnapshots({
          kpis: deps.kpis,
          tenantId: request.tenantId,
          campaigns: withRecentChanges(stored, changes),
          requests,
          budgetsAtStartOfDay: budgets,
        });
        // One index for every rule of the pass (it was rebuilt per rule: 500 × 5,000 entries).
        const byKey = new Map(snapshots.map((snapshot) => [snapshot.key, snapshot]));
        const plans = started.map(({ run, rule }) => ({
          run,
          ...plan(engine, run, rule, snapshots, byKey, signal),
        }));
        const executions = plans.flatMap((planned) => planned.executions);
        oneBudgetChangePerCampaign(executions, deps.executor);
        await execute(request.tenantId, executions);
        await deps.runs.finishMany(
          request.tenantId,
          plans.map(({ run, inScope, matched, executions: own }) => {
            const entries = own.flatMap((execution) => execution.entries);
            return {
              runId: run.id,
              outcome: {
                status: statusOf(entries, []),
                campaignsEvaluated: inScope,
                campaignsMatched: matched.length,
                matches: matched.slice(0, MAX_RECORDED_MATCHES).map((verdict) => ({
                  campaignKey: verdict.campaignKey,
                  explanation: verdict.explanation,
                  conditions: [...verdict.conditions],
                })),
                actions: entries,
                errors: [],
                finishedAt: deps.now(),
              },
            };
          }),
        );
        return { runs: started.map(({ run }) => run), kpiQueries };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await deps.runs.finishMany(
          request.tenantId,
          started.map(({ run }) => ({
            runId: run.id,
            outcome: {
              status: 'failed',
              campaignsEvaluated: 0,
              campaignsMatched: 0,
              matches: [],
              actions: [],
              errors: [message],
              finishedAt: deps.now(),
            },
          })),
        );
        throw error;
      }
    },
  };
}

export type RuleRunner = ReturnType<typeof createRuleRunner>;
