import { PluginError } from '../../core/plugin-api/index.js';
import type {
  Campaign,
  CampaignActionResult,
  CampaignActions,
  CampaignRef,
  CampaignStatus,
} from '../../core/plugin-api/index.js';
import type { DemoRuntime } from './demo-runtime.js';
import { fromEpochDay, toEpochDay } from './simulator/calendar.js';
import type { DemoAction } from './simulator/generate.js';

async function currentCampaign(runtime: DemoRuntime, ref: CampaignRef): Promise<Campaign> {
  const simulator = await runtime.simulator();
  const campaign = simulator
    .campaigns(ref.accountExternalId, runtime.today(), await runtime.store.loadActions())
    .find((candidate) => candidate.externalId === ref.campaignExternalId);
  if (!campaign)
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} not found in account ${ref.accountExternalId}`,
      {
        code: 'DEMO_CAMPAIGN_NOT_FOUND',
      },
    );
  if (campaign.status === 'archived' || campaign.status === 'deleted')
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} is ${campaign.status} and cannot be changed`,
      {
        code: 'DEMO_CAMPAIGN_NOT_EDITABLE',
      },
    );
  return campaign;
}

/** Actions take effect on the next day of the simulation, like a change made late in a platform's day. */
async function record(
  runtime: DemoRuntime,
  ref: CampaignRef,
  kind: DemoAction['kind'],
  dailyBudgetCents?: number,
): Promise<string> {
  const effectiveFrom = fromEpochDay(toEpochDay(runtime.today()) + 1);
  const action: DemoAction = {
    campaignExternalId: ref.campaignExternalId,
    kind,
    effectiveFrom,
    at: runtime.now().toISOString(),
  };
  await runtime.store.appendAction(dailyBudgetCents === undefined ? action : { ...action, dailyBudgetCents });
  return effectiveFrom;
}

async function changeStatus(
  runtime: DemoRuntime,
  ref: CampaignRef,
  target: 'active' | 'paused',
): Promise<CampaignActionResult<CampaignStatus>> {
  const campaign = await currentCampaign(runtime, ref);
  const effectiveFrom =
    campaign.status === target
      ? fromEpochDay(toEpochDay(runtime.today()) + 1)
      : await record(runtime, ref, target === 'paused' ? 'pause' : 'resume');
  return {
    campaign: ref,
    previous: campaign.status,
    current: target,
    effectiveFrom,
    platformResponse: { id: ref.campaignExternalId, status: target.toUpperCase(), success: true },
  };
}

/** Pause, resume and budget changes, replayed by the simulator from the next day on. */
export function createAdsDemoActions(runtime: DemoRuntime): CampaignActions {
  return {
    pause: (ref) => changeStatus(runtime, ref, 'paused'),
    resume: (ref) => changeStatus(runtime, ref, 'active'),
    async setDailyBudget(ref, dailyBudgetCents) {
      if (!Number.isSafeInteger(dailyBudgetCents) || dailyBudgetCents < 100)
        throw new PluginError(
          'config',
          'A daily budget must be a whole number of minor units, at least 100',
          {
            code: 'DEMO_BUDGET_INVALID',
          },
        );
      const campaign = await currentCampaign(runtime, ref);
      if (campaign.dailyBudgetCents === null)
        throw new PluginError(
          'config',
          `Campaign ${ref.campaignExternalId} budgets its ad sets; set the budget there`,
          {
            code: 'DEMO_BUDGET_NOT_ON_CAMPAIGN',
          },
        );
      const effectiveFrom = await record(runtime, ref, 'set-daily-budget', dailyBudgetCents);
      return {
        campaign: ref,
        previous: campaign.dailyBudgetCents,
        current: dailyBudgetCents,
        effectiveFrom,
        platformResponse: {
          id: ref.campaignExternalId,
          daily_budget: String(dailyBudgetCents),
          success: true,
        },
      };
    },
  };
}
