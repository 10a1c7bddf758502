/**
 * Rules: CRUD (definitions validated by the plugin-api schema, cron expressions by cron-parser),
 * templates, preview, backtest, runs and undo. Evaluation itself is the runner's (rule-runner.ts).
 */
import { CronExpressionParser } from 'cron-parser';
import { dayInTimeZone } from '../analytics/calendar-days.js';
import type { KpiService } from '../analytics/kpi.service.js';
import type { ActionContext } from '../audit/audit-event.js';
import type { AuditService } from '../audit/audit.service.js';
import { toPage } from '../audit/paging.js';
import type { Page, PageRequest } from '../audit/paging.js';
import { InputError, NotFoundError, UnprocessableError } from '../errors/errors.js';
import { isPluginError, ruleDefinitionSchema } from '../plugin-api/index.js';
import type { RuleCampaignVerdict, RuleDefinition, RulesEngine } from '../plugin-api/index.js';
import { parseInput } from '../tenants/parse-input.js';
import type { Rule, RuleRepository } from './rule.repository.js';
import { backtestRule, MAX_BACKTEST_DAYS } from './rule-backtest.js';
import type { BacktestDay } from './rule-backtest.js';
import type { RuleRun, RuleRunRepository } from './rule-run.repository.js';
import type { RuleCampaignReader, StoredCampaign } from './rule-snapshots.js';
import {
  RECENT_CHANGES_MS,
  buildSnapshots,
  mergeWindowRequests,
  withRecentChanges,
} from './rule-snapshots.js';
import type { PlannedRuleAction } from '../plugin-api/index.js';

export interface RulePreview {
  readonly ruleId: string;
  readonly day: string;
  readonly campaignsEvaluated: number;
  readonly matches: readonly {
    readonly campaign: StoredCampaign;
    readonly verdict: RuleCampaignVerdict;
    readonly actions: readonly PlannedRuleAction[];
  }[];
}

export interface RuleServiceDeps {
  readonly rules: RuleRepository;
  readonly runs: RuleRunRepository;
  readonly campaigns: RuleCampaignReader;
  readonly kpis: Pick<KpiService, 'query'>;
  readonly audit: AuditService;
  readonly engineOf: (tenantId: string) => Promise<RulesEngine | undefined>;
  readonly tenants: { get(tenantId: string): Promise<{ readonly timezone: string }> };
  /** Called after a cron rule is saved: makes sure the tenant's cron tick is scheduled. */
  readonly onCronRule: (tenantId: string) => Promise<void>;
  readonly now: () => Date;
}

const notFound = () => new NotFoundError('Rule not found', { code: 'RULES_NOT_FOUND' });

function checkCron(definition: RuleDefinition, timezone: string): void {
  if (definition.schedule.type !== 'cron') return;
  try {
    CronExpressionParser.parse(definition.schedule.cron, { tz: timezone });
  } catch (error) {
    throw new InputError('Invalid input', {
      code: 'INPUT_VALIDATION_FAILED',
      details: [
        {
          in: 'body',
          path: 'schedule.cron',
          message: error instanceof Error ? error.message : 'Invalid cron',
        },
      ],
    });
  }
}

export function createRuleService(deps: RuleServiceDeps) {
  const engineOf = async (tenantId: string): Promise<RulesEngine> => {
    const engine = await deps.engineOf(tenantId);
    if (engine === undefined)
      throw new UnprocessableError('Install and enable the rules plugin first', {
        code: 'RULES_PLUGIN_NOT_ENABLED',
      });
    return engine;
  };

  const definitionOf = async (
    tenantId: string,
    body: Readonly<Record<string, unknown>>,
  ): Promise<RuleDefinition> => {
    if (typeof body.template !== 'string') return parseInput(ruleDefinitionSchema, body);
    const engine = await engineOf(tenantId);
    try {
      return engine.expandTemplate(body.template, body.parameters ?? {});
    } catch (error) {
      if (isPluginError(error))
        throw new InputError(error.message, {
          code: 'INPUT_VALIDATION_FAILED',
          details: [{ in: 'body', path: 'parameters', message: error.message }],
        });
      throw error;
    }
  };

  const get = async (tenantId: string, id: string): Promise<Rule> => {
    const rule = await deps.rules.findById(tenantId, id);
    if (rule === undefined) throw notFound();
    return rule;
  };

  const save = async (
    tenantId: string,
    body: Readonly<Record<string, unknown>>,
    context: ActionContext,
    id?: string,
  ): Promise<Rule> => {
    const definition = await definitionOf(tenantId, body);
    const tenant = await deps.tenants.get(tenantId);
    checkCron(definition, tenant.timezone);
    const at = deps.now();
    const rule =
      id === undefined
        ? await deps.rules.insert(tenantId, definition, context.actor.id, at)
        : await deps.rules.replace(tenantId, id, definition, at);
    if (rule === undefined) throw notFound();
    // A new cron rule fires from its next tick on, never for a time before it existed.
    if (definition.schedule.type === 'cron') {
      await deps.rules.claimCronFire(tenantId, rule.id, rule.lastCronFireAt, at);
      await deps.onCronRule(tenantId);
    }
    await deps.audit.record({
      tenantId,
      action: id === undefined ? 'rule.create' : 'rule.update',
      target: { type: 'rule', id: rule.id },
      outcome: 'success',
      context,
      changes: {
        name: { to: definition.name },
        mode: { to: definition.mode },
        enabled: { to: definition.enabled },
      },
    });
    return rule;
  };

  return {
    create: (tenantId: string, body: Readonly<Record<string, unknown>>, context: ActionContext) =>
      save(tenantId, body, context),
    update: (tenantId: string, id: string, body: Readonly<Record<string, unknown>>, context: ActionContext) =>
      save(tenantId, body, context, id),
    get,
    async list(tenantId: string, page: PageRequest): Promise<Page<Rule>> {
      return toPage(await deps.rules.list(tenantId, page), page.limit);
    },
    async remove(tenantId: string, id: string, context: ActionContext): Promise<void> {
      if (!(await deps.rules.softDelete(tenantId, id, deps.now()))) throw notFound();
      await deps.audit.record({
        tenantId,
        action: 'rule.delete',
        target: { type: 'rule', id },
        outcome: 'success',
        context,
      });
    },
    async templates(tenantId: string) {
      return (await engineOf(tenantId)).templates();
    },
    async runs(tenantId: string, id: string, page: PageRequest): Promise<Page<RuleRun>> {
      await get(tenantId, id);
      return toPage(await deps.runs.listByRule(tenantId, id, page), page.limit);
    },
    async preview(tenantId: string, id: string): Promise<RulePreview> {
      const rule = await get(tenantId, id);
      const engine = await engineOf(tenantId);
      const tenant = await deps.tenants.get(tenantId);
      const day = dayInTimeZone(deps.now(), tenant.timezone);
      const [stored, changes, budgets] = await Promise.all([
        deps.campaigns.list(tenantId),
        deps.runs.recentChanges(tenantId, new Date(deps.now().getTime() - RECENT_CHANGES_MS)),
        deps.runs.budgetsAtStartOfDay(tenantId, day),
      ]);
      const campaigns = withRecentChanges(stored, changes);
      const { snapshots } = await buildSnapshots({
        kpis: deps.kpis,
        tenantId,
        campaigns,
        requests: mergeWindowRequests(engine.windowsFor(rule.definition, day)),
        budgetsAtStartOfDay: budgets,
      });
      const evaluation = engine.evaluate({ rule: rule.definition, today: day, campaigns: snapshots });
      const byKey = new Map(campaigns.map((campaign) => [campaign.key, campaign]));
      const matches = evaluation.verdicts.flatMap((verdict) => {
        const campaign = byKey.get(verdict.campaignKey);
        if (!verdict.matched || campaign === undefined) return [];
        const actions = evaluation.actions.filter((action) => action.campaignKey === verdict.campaignKey);
        return [{ campaign, verdict, actions }];
      });
      return { ruleId: rule.id, day, campaignsEvaluated: evaluation.inScope, matches };
    },
    async backtest(
      tenantId: string,
      id: string,
      range: { readonly from: string; readonly to: string },
    ): Promise<{ days: BacktestDay[]; kpiQueries: number }> {
      const rule = await get(tenantId, id);
      const days = Math.round((Date.parse(range.to) - Date.parse(range.from)) / 86_400_000) + 1;
      if (days > MAX_BACKTEST_DAYS)
        throw new InputError('Invalid input', {
          code: 'INPUT_VALIDATION_FAILED',
          details: [
            { in: 'body', path: 'to', message: `a backtest spans at most ${MAX_BACKTEST_DAYS} days` },
          ],
        });
      const engine = await engineOf(tenantId);
      return backtestRule({
        engine,
        kpis: deps.kpis,
        tenantId,
        rule,
        campaigns: await deps.campaigns.list(tenantId),
        from: range.from,
        to: range.to,
        defaultCooldownMinutes: engine.defaultCooldownMinutes(),
      });
    },
  };
}

export type RuleService = ReturnType<typeof createRuleService>;
