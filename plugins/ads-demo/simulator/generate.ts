import type { DailyMetric } from '../../../core/plugin-api/index.js';
import { dayFactors } from './calendar.js';
import type { DayFactors } from './calendar.js';
import { deriveSeed, mulberry32, standardNormal, uniformAt } from './random.js';
import { ADSTOCK_MAX_LAG_DAYS } from './response.js';
import type { Scenario, SimCampaign } from './scenario.js';

/** A campaign action as the simulator replays it; it changes delivery from `effectiveFrom` on. */
export interface DemoAction {
  readonly campaignExternalId: string;
  readonly kind: 'pause' | 'resume' | 'set-daily-budget';
  readonly dailyBudgetCents?: number;
  /** First day (YYYY-MM-DD) the action affects: the day after it was taken. */
  readonly effectiveFrom: string;
  /** When it was taken (ISO instant), to order actions of the same day. */
  readonly at: string;
}

/** What a generation run depends on besides the scenario. */
export interface GenerationContext {
  /** Epoch day of "today": nothing later exists, and the last three days are still incomplete. */
  readonly today: number;
  readonly actions: readonly DemoAction[];
  /** Which sync is asking: incomplete days look different to each. */
  readonly syncSequence: number;
}

/** The rows of one simulated day of one account, in a stable campaign order. */
export interface SimulatedDay {
  readonly date: string;
  readonly rows: readonly DailyMetric[];
}

interface ResolvedAction {
  readonly day: number;
  readonly kind: DemoAction['kind'];
  readonly dailyBudgetCents: number | undefined;
}

/** Share of final conversions already reported at age 0, 1 and 2 days (late attribution). */
const LATE_COMPLETENESS = [0.72, 0.86, 0.95] as const;
const OVERSPEND_FACTOR = 2.6;

/** Actions per campaign, in the order they take effect. */
export function resolveActions(
  actions: readonly DemoAction[],
  toEpochDay: (day: string) => number,
): Map<string, ResolvedAction[]> {
  const sorted = [...actions].sort((left, right) =>
    left.effectiveFrom === right.effectiveFrom
      ? left.at.localeCompare(right.at)
      : left.effectiveFrom.localeCompare(right.effectiveFrom),
  );
  const byCampaign = new Map<string, ResolvedAction[]>();
  for (const action of sorted) {
    const list = byCampaign.get(action.campaignExternalId) ?? [];
    list.push({
      day: toEpochDay(action.effectiveFrom),
      kind: action.kind,
      dailyBudgetCents: action.dailyBudgetCents,
    });
    byCampaign.set(action.campaignExternalId, list);
  }
  return byCampaign;
}

function budgetAt(
  campaign: SimCampaign,
  actions: readonly ResolvedAction[],
  day: number,
  factors: DayFactors,
): number {
  if (day < campaign.startDay || day > campaign.endDay) return 0;
  let delivering = day < campaign.pausedFromDay;
  let override: number | undefined;
  for (const action of actions) {
    if (action.day > day) break;
    if (action.kind === 'pause') delivering = false;
    else if (action.kind === 'resume') delivering = true;
    else override = action.dailyBudgetCents;
  }
  if (!delivering) return 0;
  // A budget a manager set explicitly replaces the advertiser's seasonal plan.
  if (override !== undefined) return override;
  const plan =
    campaign.curve.audience === 'business' ? factors.businessBudgetPlan : factors.consumerBudgetPlan;
  return campaign.plannedBudgetCents * plan;
}

function spendAt(
  campaign: SimCampaign,
  actions: readonly ResolvedAction[],
  day: number,
  factors: DayFactors,
): number {
  const budget = budgetAt(campaign, actions, day, factors);
  if (budget <= 0) return 0;
  const demand = campaign.curve.audience === 'business' ? factors.businessDemand : factors.consumerDemand;
  // Platforms pace around the budget and lean into high-demand days.
  const pacing = (0.9 + 0.13 * uniformAt(campaign.seed, day, 1)) * (0.9 + 0.1 * demand);
  return Math.round(budget * pacing * (campaign.overspendDay === day ? OVERSPEND_FACTOR : 1));
}

function metricRow(
  campaign: SimCampaign,
  day: number,
  factors: DayFactors,
  spendCents: number,
  adstock: number,
  context: GenerationContext,
): DailyMetric | undefined {
  const random = mulberry32(deriveSeed(campaign.seed, day, 2));
  const curve = campaign.curve;
  const demand = curve.audience === 'business' ? factors.businessDemand : factors.consumerDemand;
  const cpm = campaign.cpmCents * factors.cpmLevel * (1 + 0.06 * standardNormal(random));
  const impressions = spendCents > 0 ? Math.round((spendCents / cpm) * 1000) : 0;
  let clicks = Math.max(0, Math.round(impressions * campaign.ctr * (1 + 0.1 * standardNormal(random))));
  const saturation = adstock > 0 ? Math.pow(adstock / curve.halfSaturationCents, curve.hillShape) : 0;
  const expected =
    ((curve.maxDailyConversions * saturation) / (1 + saturation)) *
    demand *
    (1 + 0.08 * standardNormal(random));
  let conversions = Math.max(
    0,
    Math.round(expected + Math.sqrt(Math.max(expected, 0)) * standardNormal(random)),
  );
  const outage = campaign.trackingOutage;
  if (outage && day >= outage[0] && day <= outage[1]) conversions = 0;
  let revenueCents = Math.max(
    0,
    Math.round(conversions * curve.averageOrderValueCents * (1 + 0.12 * standardNormal(random))),
  );
  if (impressions > 0 && clicks < conversions) clicks = conversions;
  let reportedSpend = spendCents;
  const age = context.today - day;
  const completeness = LATE_COMPLETENESS[age];
  if (completeness !== undefined) {
    const jitter = uniformAt(campaign.seed, day, 3, context.syncSequence);
    const factor = Math.min(1, completeness + 0.08 * (jitter - 0.5));
    conversions = Math.round(conversions * factor);
    revenueCents = Math.round(revenueCents * factor);
    if (age === 0) reportedSpend = Math.round(spendCents * (0.97 + 0.03 * jitter));
  }
  if (reportedSpend === 0 && conversions === 0) return undefined;
  return {
    accountExternalId: campaign.account.externalId,
    campaignExternalId: campaign.externalId,
    date: factors.date,
    impressions,
    clicks,
    conversions,
    spendCents: reportedSpend,
    revenueCents,
    currency: campaign.account.currency,
  };
}

/**
 * Simulates the days `fromDay`…`toDay` (epoch days, clamped to the history and today) of the
 * given campaigns. Each row depends only on (scenario, campaign, day, actions) — and on the sync
 * sequence for the last three days — never on where the run started, so a resumed run yields the
 * same rows as an uninterrupted one.
 */
export function* simulateDays(
  scenario: Scenario,
  campaigns: readonly SimCampaign[],
  fromDay: number,
  toDay: number,
  context: GenerationContext,
  toEpochDay: (day: string) => number,
): Generator<SimulatedDay> {
  const first = Math.max(fromDay, scenario.historyStartDay);
  const last = Math.min(toDay, context.today);
  if (first > last) return;
  const byCampaign = resolveActions(context.actions, toEpochDay);
  const actionLists = campaigns.map((campaign) => byCampaign.get(campaign.externalId) ?? []);
  const lag = ADSTOCK_MAX_LAG_DAYS;
  const spends = new Float64Array(campaigns.length * lag);
  for (let day = first - lag + 1; day < first; day += 1) {
    const factors = dayFactors(day);
    campaigns.forEach((campaign, index) => {
      spends[index * lag + (day % lag)] = spendAt(campaign, actionLists[index] ?? [], day, factors);
    });
  }
  for (let day = first; day <= last; day += 1) {
    const factors = dayFactors(day);
    const rows: DailyMetric[] = [];
    for (let index = 0; index < campaigns.length; index += 1) {
      const campaign = campaigns[index] as SimCampaign;
      const spend = spendAt(campaign, actionLists[index] ?? [], day, factors);
      const base = index * lag;
      spends[base + (day % lag)] = spend;
      let adstock = 0;
      for (let offset = 0; offset < lag; offset += 1)
        adstock += (spends[base + ((day - offset) % lag)] ?? 0) * (campaign.decayPowers[offset] ?? 0);
      if (day < campaign.startDay || day > campaign.endDay) continue;
      const row = metricRow(campaign, day, factors, spend, adstock, context);
      if (row) rows.push(row);
    }
    yield { date: factors.date, rows };
  }
}
