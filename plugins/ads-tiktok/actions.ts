import {
  currencyExponent,
  mapAdvertiser,
  mapCampaign,
  minorUnitsToMajor,
} from '../../connectors/tiktok/index.js';
import type { UnifiedAccount, UnifiedCampaign } from '../../connectors/tiktok/index.js';
import { PluginError } from '../../core/plugin-api/index.js';
import type {
  CallContext,
  CampaignActionResult,
  CampaignActions,
  CampaignRef,
  CampaignStatus,
  JsonValue,
} from '../../core/plugin-api/index.js';
import { asPluginCall } from './plugin-errors.js';
import { dayInZone } from './runtime.js';
import type { TiktokRuntime } from './runtime.js';

interface CampaignSnapshot {
  readonly account: UnifiedAccount;
  readonly campaign: UnifiedCampaign;
  readonly budgetMode: unknown;
}

async function snapshot(
  runtime: TiktokRuntime,
  ref: CampaignRef,
  ctx: CallContext,
): Promise<CampaignSnapshot> {
  const { client } = runtime;
  const [advertiser] = await asPluginCall(ctx.signal, () =>
    client.advertiserInfo([ref.accountExternalId], ctx.signal),
  );
  const account = advertiser === undefined ? undefined : mapAdvertiser(advertiser);
  if (account === undefined || !account.ok)
    throw new PluginError('config', `Advertiser ${ref.accountExternalId} is not readable with this token`, {
      code: 'TIKTOK_ADVERTISER_NOT_FOUND',
    });
  const page = await asPluginCall(ctx.signal, () =>
    client.campaigns(ref.accountExternalId, 1, 1, ctx.signal, [ref.campaignExternalId]),
  );
  const raw = page.list[0];
  const campaign = raw === undefined ? undefined : mapCampaign(raw, account.row);
  if (campaign === undefined || !campaign.ok || campaign.row.externalId !== ref.campaignExternalId)
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} not found in advertiser ${ref.accountExternalId}`,
      {
        code: 'TIKTOK_CAMPAIGN_NOT_FOUND',
      },
    );
  if (campaign.row.status === 'deleted')
    throw new PluginError('config', `Campaign ${ref.campaignExternalId} is deleted and cannot be changed`, {
      code: 'TIKTOK_CAMPAIGN_NOT_EDITABLE',
    });
  const budgetMode =
    typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>)['budget_mode'] : undefined;
  return { account: account.row, campaign: campaign.row, budgetMode };
}

function effectiveToday(runtime: TiktokRuntime, account: UnifiedAccount): string {
  // TikTok applies status and budget changes at once, on the advertiser's current day.
  return dayInZone(runtime.context.clock.now(), account.timezone);
}

async function changeStatus(
  runtime: TiktokRuntime,
  ref: CampaignRef,
  target: 'active' | 'paused',
  ctx: CallContext,
): Promise<CampaignActionResult<CampaignStatus>> {
  const { account, campaign } = await snapshot(runtime, ref, ctx);
  const response =
    campaign.status === target
      ? { unchanged: true }
      : await asPluginCall(ctx.signal, () =>
          runtime.client.updateStatus(
            ref.accountExternalId,
            ref.campaignExternalId,
            target === 'active' ? 'ENABLE' : 'DISABLE',
            ctx.signal,
          ),
        );
  return {
    campaign: ref,
    previous: campaign.status,
    current: target,
    effectiveFrom: effectiveToday(runtime, account),
    platformResponse: (response ?? null) as JsonValue,
  };
}

/** Pause, resume and daily budget through `/campaign/status/update/` and `/campaign/update/`. */
export function createTiktokActions(runtime: TiktokRuntime): CampaignActions {
  return {
    pause: (ref, ctx) => changeStatus(runtime, ref, 'paused', ctx),
    resume: (ref, ctx) => changeStatus(runtime, ref, 'active', ctx),
    async setDailyBudget(ref, dailyBudgetCents, ctx) {
      if (!Number.isSafeInteger(dailyBudgetCents) || dailyBudgetCents <= 0)
        throw new PluginError('config', 'A daily budget must be a positive whole number of minor units', {
          code: 'TIKTOK_BUDGET_INVALID',
        });
      const { account, campaign, budgetMode } = await snapshot(runtime, ref, ctx);
      if (budgetMode !== 'BUDGET_MODE_DAY')
        throw new PluginError(
          'config',
          `Campaign ${ref.campaignExternalId} has no daily campaign budget (${String(budgetMode)}); set it on its ad groups`,
          { code: 'TIKTOK_BUDGET_NOT_ON_CAMPAIGN' },
        );
      const budget = minorUnitsToMajor(dailyBudgetCents, currencyExponent(account.currency));
      const response = await asPluginCall(ctx.signal, () =>
        runtime.client.updateBudget(ref.accountExternalId, ref.campaignExternalId, budget, ctx.signal),
      );
      return {
        campaign: ref,
        previous: campaign.dailyBudgetCents,
        current: dailyBudgetCents,
        effectiveFrom: effectiveToday(runtime, account),
        platformResponse: (response ?? null) as JsonValue,
      };
    },
  };
}
