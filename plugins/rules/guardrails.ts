/**
 * Turning a matched rule's actions into planned actions within the tenant's guardrails: the
 * daily budget change limit (against the budget before today's first rule change), the
 * platform's minimum budget, the action's own floor and cap, and the kill switch. Budgets are
 * in minor units of the campaign's currency throughout.
 */
import type { PlannedRuleAction, RuleAction, RuleCampaignSnapshot } from '../../core/plugin-api/index.js';
import type { RulesConfig } from './config.js';

export type Guardrails = Pick<
  RulesConfig,
  'maxBudgetChangePctPerDay' | 'platformMinimumBudgetCents' | 'defaultMinimumBudgetCents' | 'killSwitch'
>;

type BudgetAction = Extract<RuleAction, { type: 'set_budget' | 'change_budget' }>;

function wantedBudget(action: BudgetAction, current: number): { cents: number; notes: string[] } {
  if (action.type === 'set_budget') return { cents: action.dailyBudgetCents, notes: [] };
  let cents = Math.round(current * (1 + action.percent / 100));
  const notes: string[] = [];
  if (action.floorCents !== undefined && cents < action.floorCents) {
    cents = action.floorCents;
    notes.push(`raised to the rule's floor of ${action.floorCents}`);
  }
  if (action.capCents !== undefined && cents > action.capCents) {
    cents = action.capCents;
    notes.push(`lowered to the rule's cap of ${action.capCents}`);
  }
  return { cents, notes };
}

function planBudget(
  action: BudgetAction,
  campaign: RuleCampaignSnapshot,
  rails: Guardrails,
): PlannedRuleAction {
  const current = campaign.dailyBudgetCents;
  const base = { campaignKey: campaign.key, action, previousBudgetCents: current };
  if (current === null) return { ...base, clippedBy: [], blockedBy: 'no_campaign_budget' };
  const wanted = wantedBudget(action, current);
  const clippedBy = [...wanted.notes];
  let target = wanted.cents;
  const dayStart = campaign.budgetAtStartOfDayCents ?? current;
  const limit = rails.maxBudgetChangePctPerDay;
  const upper = Math.floor((dayStart * (100 + limit)) / 100);
  const lower = Math.ceil((dayStart * Math.max(0, 100 - limit)) / 100);
  if (target > upper) {
    target = upper;
    clippedBy.push(`clipped to +${limit}% per day (${upper} from ${dayStart})`);
  } else if (target < lower) {
    target = lower;
    clippedBy.push(`clipped to -${limit}% per day (${lower} from ${dayStart})`);
  }
  const minimum = rails.platformMinimumBudgetCents[campaign.platform] ?? rails.defaultMinimumBudgetCents;
  if (target < minimum) {
    target = minimum;
    clippedBy.push(`raised to the ${campaign.platform} minimum budget of ${minimum}`);
  }
  if (rails.killSwitch) return { ...base, targetBudgetCents: target, clippedBy, blockedBy: 'kill_switch' };
  if (target === current) return { ...base, targetBudgetCents: target, clippedBy, blockedBy: 'no_change' };
  return { ...base, targetBudgetCents: target, clippedBy };
}

/** One matched campaign's actions, in the rule's order. */
export function planActions(
  actions: readonly RuleAction[],
  campaign: RuleCampaignSnapshot,
  rails: Guardrails,
): PlannedRuleAction[] {
  return actions.map((action): PlannedRuleAction => {
    const base = { campaignKey: campaign.key, action, clippedBy: [] };
    switch (action.type) {
      case 'pause':
        if (rails.killSwitch) return { ...base, blockedBy: 'kill_switch' };
        return campaign.status === 'paused' ? { ...base, blockedBy: 'already_paused' } : base;
      case 'resume':
        if (rails.killSwitch) return { ...base, blockedBy: 'kill_switch' };
        return campaign.status === 'active' ? { ...base, blockedBy: 'already_active' } : base;
      case 'set_budget':
      case 'change_budget':
        return planBudget(action, campaign, rails);
      case 'notify':
        return base;
    }
  });
}
