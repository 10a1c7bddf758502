import {
  currencyExponent,
  mapAdAccount,
  mapCampaign,
  minorUnitsToDecimal,
} from '../../connectors/linkedin/index.js';
import type { UnifiedAccount, UnifiedCampaign } from '../../connectors/linkedin/index.js';
import { PluginError } from '../../core/plugin-api/index.js';
import type {
  CallContext,
  CampaignActionResult,
  CampaignActions,
  CampaignRef,
  CampaignStatus,
} from '../../core/plugin-api/index.js';
import { asPluginCall } from './plugin-errors.js';
import type { LinkedinRuntime } from './runtime.js';

async function snapshot(
  runtime: LinkedinRuntime,
  ref: CampaignRef,
  ctx: CallContext,
): Promise<{ account: UnifiedAccount; campaign: UnifiedCampaign }> {
  const { client } = runtime;
  const account = mapAdAccount(
    await asPluginCall(ctx.signal, () => client.adAccount(ref.accountExternalId, ctx.signal), true),
  );
  if (!account.ok)
    throw new PluginError('system', `LinkedIn ad account ${ref.accountExternalId} is unreadable`, {
      code: 'LINKEDIN_ACCOUNT_INVALID',
    });
  const campaign = mapCampaign(
    await asPluginCall(
      ctx.signal,
      () => client.campaign(ref.accountExternalId, ref.campaignExternalId, ctx.signal),
      true,
    ),
    account.row,
  );
  if (!campaign.ok || campaign.row.externalId !== ref.campaignExternalId)
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} is not readable in ad account ${ref.accountExternalId}`,
      {
        code: 'LINKEDIN_CAMPAIGN_NOT_FOUND',
      },
    );
  if (campaign.row.status === 'deleted' || campaign.row.status === 'archived')
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} is ${campaign.row.status} and cannot be changed`,
      {
        code: 'LINKEDIN_CAMPAIGN_NOT_EDITABLE',
      },
    );
  return { account: account.row, campaign: campaign.row };
}

/** LinkedIn applies changes at once; analytics days are UTC days. */
const todayUtc = (runtime: LinkedinRuntime) => runtime.context.clock.now().toISOString().slice(0, 10);

async function changeStatus(
  runtime: LinkedinRuntime,
  ref: CampaignRef,
  target: 'active' | 'paused',
  ctx: CallContext,
): Promise<CampaignActionResult<CampaignStatus>> {
  const { campaign } = await snapshot(runtime, ref, ctx);
  const set = { status: target === 'active' ? 'ACTIVE' : 'PAUSED' };
  if (campaign.status !== target)
    await asPluginCall(ctx.signal, () =>
      runtime.client.updateCampaign(ref.accountExternalId, ref.campaignExternalId, set, ctx.signal),
    );
  return {
    campaign: ref,
    previous: campaign.status,
    current: target,
    effectiveFrom: todayUtc(runtime),
    platformResponse: { status: campaign.status === target ? 'unchanged' : 204, patch: { $set: set } },
  };
}

/** Pause, resume and daily budget as Rest.li partial updates (`{ patch: { $set } }`). */
export function createLinkedinActions(runtime: LinkedinRuntime): CampaignActions {
  return {
    pause: (ref, ctx) => changeStatus(runtime, ref, 'paused', ctx),
    resume: (ref, ctx) => changeStatus(runtime, ref, 'active', ctx),
    async setDailyBudget(ref, dailyBudgetCents, ctx) {
      if (!Number.isSafeInteger(dailyBudgetCents) || dailyBudgetCents <= 0)
        throw new PluginError('config', 'A daily budget must be a positive whole number of minor units', {
          code: 'LINKEDIN_BUDGET_INVALID',
        });
      const { account, campaign } = await snapshot(runtime, ref, ctx);
      const set = {
        dailyBudget: {
          amount: minorUnitsToDecimal(dailyBudgetCents, currencyExponent(account.currency)),
          currencyCode: account.currency,
        },
      };
      await asPluginCall(
        ctx.signal,
        () => runtime.client.updateCampaign(ref.accountExternalId, ref.campaignExternalId, set, ctx.signal),
        true,
      );
      return {
        campaign: ref,
        previous: campaign.dailyBudgetCents,
        current: dailyBudgetCents,
        effectiveFrom: todayUtc(runtime),
        platformResponse: { status: 204, patch: { $set: set } },
      };
    },
  };
}
