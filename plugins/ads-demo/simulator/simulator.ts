import type { AdAccount, Campaign, CampaignStatus } from '../../../core/plugin-api/index.js';
import { fromEpochDay, toEpochDay } from './calendar.js';
import { resolveActions, simulateDays } from './generate.js';
import type { DemoAction, SimulatedDay } from './generate.js';
import { buildScenario } from './scenario.js';
import type { InjectedAnomaly, Scenario, ScenarioOptions, SimCampaign } from './scenario.js';
import type { TrueResponseCurve } from './response.js';

/** What a read of simulated days depends on besides the scenario. */
export interface SimulationRead {
  /** `YYYY-MM-DD`: the last day that exists. */
  readonly today: string;
  readonly actions: readonly DemoAction[];
  readonly syncSequence: number;
}

/** A seeded, deterministic simulation of one tenant's ad accounts on the five platforms. */
export interface DemoSimulator {
  readonly scenario: Scenario;
  /** First simulated day (`YYYY-MM-DD`). */
  readonly historyStart: string;
  accounts(): readonly AdAccount[];
  /** The account's campaigns as the platform would describe them today, actions applied. */
  campaigns(accountExternalId: string, today: string, actions: readonly DemoAction[]): readonly Campaign[];
  /** The hidden campaign parameters, or `undefined` for an unknown id. */
  findCampaign(campaignExternalId: string): SimCampaign | undefined;
  /** The true response curve of a campaign (throws for an unknown id). */
  trueResponseCurve(campaignExternalId: string): TrueResponseCurve;
  /** The anomalies planted in the history. */
  injectedAnomalies(): readonly InjectedAnomaly[];
  /** Simulated days of one account, `from`…`to` inclusive, clamped to the history and `today`. */
  days(accountExternalId: string, from: string, to: string, read: SimulationRead): Generator<SimulatedDay>;
}

/** Status of a campaign on `today`, actions applied regardless of when they take effect. */
function currentStatus(campaign: SimCampaign, today: number, actions: readonly DemoAction[]): CampaignStatus {
  if (campaign.endStatus && today > campaign.endDay) return campaign.endStatus;
  let status: CampaignStatus = today >= campaign.pausedFromDay ? 'paused' : 'active';
  for (const action of resolveActions(actions, toEpochDay).get(campaign.externalId) ?? []) {
    if (action.kind === 'pause') status = 'paused';
    else if (action.kind === 'resume') status = 'active';
  }
  return status;
}

function currentBudget(campaign: SimCampaign, actions: readonly DemoAction[]): number | null {
  const budgets =
    resolveActions(actions, toEpochDay)
      .get(campaign.externalId)
      ?.filter((action) => action.kind === 'set-daily-budget') ?? [];
  const latest = budgets.at(-1)?.dailyBudgetCents;
  if (latest !== undefined) return latest;
  return campaign.budgetElsewhere ? null : campaign.plannedBudgetCents;
}

/** Builds a simulator; cheap (the scenario only), days are generated lazily when read. */
export function createDemoSimulator(options: ScenarioOptions): DemoSimulator {
  const scenario = buildScenario(options);
  const byId = new Map(scenario.campaigns.map((campaign) => [campaign.externalId, campaign]));
  const ofAccount = (accountExternalId: string) =>
    scenario.campaigns.filter((campaign) => campaign.account.externalId === accountExternalId);
  return {
    scenario,
    historyStart: fromEpochDay(scenario.historyStartDay),
    accounts: () => scenario.accounts,
    campaigns(accountExternalId, today, actions) {
      const todayDay = toEpochDay(today);
      return ofAccount(accountExternalId)
        .filter((campaign) => campaign.startDay <= todayDay)
        .map((campaign) => ({
          externalId: campaign.externalId,
          accountExternalId,
          name: campaign.name,
          status: currentStatus(campaign, todayDay, actions),
          objective: campaign.objective,
          dailyBudgetCents: currentBudget(campaign, actions),
          currency: campaign.account.currency,
        }));
    },
    findCampaign: (campaignExternalId) => byId.get(campaignExternalId),
    trueResponseCurve(campaignExternalId) {
      const campaign = byId.get(campaignExternalId);
      if (!campaign) throw new RangeError(`Unknown simulated campaign ${campaignExternalId}`);
      return campaign.curve;
    },
    injectedAnomalies: () => scenario.anomalies,
    days(accountExternalId, from, to, read) {
      const context = {
        today: toEpochDay(read.today),
        actions: read.actions,
        syncSequence: read.syncSequence,
      };
      return simulateDays(
        scenario,
        ofAccount(accountExternalId),
        toEpochDay(from),
        toEpochDay(to),
        context,
        toEpochDay,
      );
    },
  };
}
