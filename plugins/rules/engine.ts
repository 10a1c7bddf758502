/**
 * The rules engine: which KPI windows a rule needs, and what it would do to each campaign in
 * its scope, with the reasons. Pure: the host reads the numbers and carries the actions out.
 */
import type {
  PlannedRuleAction,
  RuleCampaignSnapshot,
  RuleCampaignVerdict,
  RuleConditionTrace,
  RuleDataGuards,
  RuleDefinition,
  RuleEvaluation,
  RuleEvaluationInput,
  RuleWindowRequest,
} from '../../core/plugin-api/index.js';
import { evaluateTree, leavesOf, metricValue } from './conditions.js';
import { planActions } from './guardrails.js';
import type { Guardrails } from './guardrails.js';
import { inScope } from './scope.js';
import { baselineSpanOf, spanKey, spanOf } from './windows.js';

export function windowsFor(rule: RuleDefinition, today: string): RuleWindowRequest[] {
  const requests = new Map<string, RuleWindowRequest>();
  const add = (span: { from: string; to: string }, withPrevious: boolean) => {
    const key = spanKey(span);
    const known = requests.get(key);
    requests.set(key, { key, span, withPrevious: withPrevious || (known?.withPrevious ?? false) });
  };
  add(spanOf(rule.guards.window, today), false);
  for (const leaf of leavesOf(rule.conditions)) {
    const span = spanOf(leaf.window, today);
    const baseline = baselineSpanOf(leaf, today);
    add(span, leaf.measure === 'change_pct' && baseline === undefined);
    if (baseline !== undefined) add(baseline, false);
  }
  return [...requests.values()];
}

function guardFailure(
  guards: RuleDataGuards,
  campaign: RuleCampaignSnapshot,
  today: string,
): string | undefined {
  const window = campaign.windows[spanKey(spanOf(guards.window, today))];
  const spend = metricValue(window?.values, 'spend') ?? 0;
  const impressions = metricValue(window?.values, 'impressions') ?? 0;
  const days = window?.daysOfData ?? 0;
  if (spend < guards.minSpendCents)
    return `spend ${spend} below the minimum ${guards.minSpendCents} (${guards.window})`;
  if (impressions < guards.minImpressions)
    return `impressions ${impressions} below the minimum ${guards.minImpressions} (${guards.window})`;
  if (days < guards.minDaysOfData)
    return `${days} days of data, fewer than ${guards.minDaysOfData} (${guards.window})`;
  return undefined;
}

function describe(trace: RuleConditionTrace): string {
  const actual = trace.actual === null ? 'undefined' : String(Math.round(trace.actual * 10_000) / 10_000);
  const what = trace.measure === 'change_pct' ? `${trace.metric} change %` : trace.metric;
  return `${what} (${trace.window}) = ${actual} ${trace.matched ? '' : 'not '}${trace.operator} ${trace.threshold}`;
}

function verdictOf(rule: RuleDefinition, campaign: RuleCampaignSnapshot, today: string): RuleCampaignVerdict {
  const failure = guardFailure(rule.guards, campaign, today);
  const conditions: RuleConditionTrace[] = [];
  const matched = evaluateTree(rule.conditions, campaign, today, conditions);
  const because = conditions.map(describe).join('; ');
  if (failure !== undefined)
    return {
      campaignKey: campaign.key,
      matched: false,
      guardFailure: failure,
      conditions,
      explanation: `Not enough data: ${failure}.`,
    };
  return {
    campaignKey: campaign.key,
    matched,
    conditions,
    explanation: `${matched ? 'Matched' : 'Did not match'}: ${because}.`,
  };
}

export function evaluateRule(input: RuleEvaluationInput, rails: Guardrails): RuleEvaluation {
  const { rule, today } = input;
  const guardKey = spanKey(spanOf(rule.guards.window, today));
  const scoped = input.campaigns
    .filter((campaign) => inScope(rule.scope, campaign))
    // The biggest spenders first, so the per-run action limit keeps the changes that matter most.
    .sort(
      (left, right) =>
        (metricValue(right.windows[guardKey]?.values, 'spend') ?? 0) -
          (metricValue(left.windows[guardKey]?.values, 'spend') ?? 0) || (left.key < right.key ? -1 : 1),
    );
  const verdicts = scoped.map((campaign) => verdictOf(rule, campaign, today));
  const actions: PlannedRuleAction[] = [];
  let budget = rule.maxActionsPerRun;
  scoped.forEach((campaign, index) => {
    if (verdicts[index]?.matched !== true) return;
    for (const planned of planActions(rule.actions, campaign, rails)) {
      if (planned.blockedBy !== undefined) actions.push(planned);
      else if (budget > 0) {
        budget -= 1;
        actions.push(planned);
      } else actions.push({ ...planned, blockedBy: 'max_actions_per_run' });
    }
  });
  return { inScope: scoped.length, verdicts, actions };
}
