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
  if (failure !== undefined)
    return {
      campaignKey: campaign.key,
      matched: false,
      guardFailure: failure,
      conditions,
      explanation: `Not enough data: ${failure}.`,
    };
  return lazyExplanation({ campaignKey: campaign.key, matched, conditions });
}

/**
 * A pass yields rules × campaigns verdicts (2.5 M at 500 × 5,000) and the host reads the
 * explanation of the matched few: it is written on first read (an enumerable getter, so
 * spreading or serialising a verdict still carries it).
 */
function lazyExplanation(verdict: Omit<RuleCampaignVerdict, 'explanation'>): RuleCampaignVerdict {
  let explanation: string | undefined;
  return {
    ...verdict,
    get explanation(): string {
      explanation ??= `${verdict.matched ? 'Matched' : 'Did not match'}: ${verdict.conditions.map(describe).join('; ')}.`;
      return explanation;
    },
  };
}

export function evaluateRule(input: RuleEvaluationInput, rails: Guardrails): RuleEvaluation {
  const { rule, today } = input;
  const guardKey = spanKey(spanOf(rule.guards.window, today));
  // The biggest spenders first, so the per-run action limit keeps the changes that matter most
  // (each spend read once, not per comparison).
  const scoped = input.campaigns
    .filter((campaign) => inScope(rule.scope, campaign))
    .map((campaign) => ({ campaign, spend: metricValue(campaign.windows[guardKey]?.values, 'spend') ?? 0 }))
    .sort((left, right) => right.spend - left.spend || (left.campaign.key < right.campaign.key ? -1 : 1))
    .map(({ campaign }) => campaign);
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
