/**
 * Backtest: replays a rule over past days as if it had run on each one ("today" = that day, so
 * `yesterday` is the day before), reading history through the KPI service. Cooldowns are
 * simulated per campaign; the effects of the rule's own past actions are not (the history is
 * what really happened), and budgets are today's stored ones.
 */
import type { KpiService } from '../analytics/kpi.service.js';
import type { PlannedRuleAction, RuleCampaignSnapshot, RulesEngine } from '../plugin-api/index.js';
import type { Rule } from './rule.repository.js';
import { buildSnapshots, mergeWindowRequests } from './rule-snapshots.js';
import type { StoredCampaign } from './rule-snapshots.js';

export interface BacktestDay {
  readonly day: string;
  readonly campaignsEvaluated: number;
  readonly actions: readonly {
    readonly campaign: RuleCampaignSnapshot;
    readonly explanation: string;
    readonly planned: PlannedRuleAction;
  }[];
}

export const MAX_BACKTEST_DAYS = 92;

const DAY_MS = 86_400_000;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);

export async function backtestRule(input: {
  readonly engine: RulesEngine;
  readonly kpis: Pick<KpiService, 'query'>;
  readonly tenantId: string;
  readonly rule: Rule;
  readonly campaigns: readonly StoredCampaign[];
  readonly from: string;
  readonly to: string;
  readonly defaultCooldownMinutes: number;
}): Promise<{ days: BacktestDay[]; kpiQueries: number }> {
  const definition = input.rule.definition;
  const cooldownDays = Math.ceil((definition.cooldownMinutes ?? input.defaultCooldownMinutes) / (24 * 60));
  const restingUntil = new Map<string, string>();
  const days: BacktestDay[] = [];
  let kpiQueries = 0;
  for (let day = input.from; day <= input.to; day = nextDay(day)) {
    const { snapshots, kpiQueries: issued } = await buildSnapshots({
      kpis: input.kpis,
      tenantId: input.tenantId,
      campaigns: input.campaigns,
      requests: mergeWindowRequests(input.engine.windowsFor(definition, day)),
      budgetsAtStartOfDay: new Map(),
    });
    kpiQueries += issued;
    const evaluation = input.engine.evaluate({ rule: definition, today: day, campaigns: snapshots });
    const byKey = new Map(snapshots.map((snapshot) => [snapshot.key, snapshot]));
    const explanations = new Map(
      evaluation.verdicts.map((verdict) => [verdict.campaignKey, verdict.explanation]),
    );
    const actions: BacktestDay['actions'][number][] = [];
    const acted = new Set<string>();
    for (const planned of evaluation.actions) {
      const campaign = byKey.get(planned.campaignKey);
      const resting = restingUntil.get(planned.campaignKey);
      if (campaign === undefined || planned.blockedBy !== undefined) continue;
      if (resting !== undefined && day < resting) continue;
      actions.push({ campaign, explanation: explanations.get(planned.campaignKey) ?? '', planned });
      acted.add(planned.campaignKey);
    }
    for (const key of acted) {
      let until = day;
      for (let step = 0; step < cooldownDays; step += 1) until = nextDay(until);
      restingUntil.set(key, until);
    }
    days.push({ day, campaignsEvaluated: evaluation.inScope, actions });
  }
  return { days, kpiQueries };
}
