import {
  currencyExponent,
  mapAdAccount,
  mapCampaign,
  minorUnitsToMicros,
} from '../../connectors/snapchat/index.js';
import type { UnifiedAccount, UnifiedCampaign } from '../../connectors/snapchat/index.js';
import type { JsonLike } from '../../connectors/shared/index.js';
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
import type { SnapchatRuntime } from './runtime.js';

/** Fields Snap accepts back in a campaign update (a full replacement, not a patch). */
const WRITABLE_FIELDS = [
  'id',
  'name',
  'ad_account_id',
  'status',
  'objective',
  'start_time',
  'end_time',
  'daily_budget_micro',
  'lifetime_spend_cap_micro',
] as const;

interface Snapshot {
  readonly account: UnifiedAccount;
  readonly campaign: UnifiedCampaign;
  readonly writable: Record<string, JsonLike>;
}

async function snapshot(runtime: SnapchatRuntime, ref: CampaignRef, ctx: CallContext): Promise<Snapshot> {
  const { client } = runtime;
  const account = mapAdAccount(
    await asPluginCall(ctx.signal, () => client.adAccount(ref.accountExternalId, ctx.signal), true),
  );
  if (!account.ok)
    throw new PluginError('system', `Snapchat ad account ${ref.accountExternalId} is unreadable`, {
      code: 'SNAPCHAT_ACCOUNT_INVALID',
    });
  const raw = await asPluginCall(ctx.signal, () => client.campaign(ref.campaignExternalId, ctx.signal), true);
  const campaign = mapCampaign(raw, account.row);
  const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, JsonLike>;
  if (!campaign.ok || entry['ad_account_id'] !== ref.accountExternalId)
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} not found in ad account ${ref.accountExternalId}`,
      {
        code: 'SNAPCHAT_CAMPAIGN_NOT_FOUND',
      },
    );
  const writable: Record<string, JsonLike> = {};
  for (const field of WRITABLE_FIELDS) {
    const value = entry[field];
    if (value !== undefined) writable[field] = value;
  }
  return { account: account.row, campaign: campaign.row, writable };
}

async function changeStatus(
  runtime: SnapchatRuntime,
  ref: CampaignRef,
  target: 'active' | 'paused',
  ctx: CallContext,
): Promise<CampaignActionResult<CampaignStatus>> {
  const { account, campaign, writable } = await snapshot(runtime, ref, ctx);
  const response =
    campaign.status === target
      ? { unchanged: true }
      : await asPluginCall(ctx.signal, () =>
          runtime.client.updateCampaign(
            ref.accountExternalId,
            { ...writable, status: target === 'active' ? 'ACTIVE' : 'PAUSED' },
            ctx.signal,
          ),
        );
  return {
    campaign: ref,
    previous: campaign.status,
    current: target,
    effectiveFrom: dayInZone(runtime.context.clock.now(), account.timezone),
    platformResponse: (response ?? null) as JsonValue,
  };
}

/** Pause, resume and daily budget as `PUT /adaccounts/{id}/campaigns` with the whole campaign. */
export function createSnapchatActions(runtime: SnapchatRuntime): CampaignActions {
  return {
    pause: (ref, ctx) => changeStatus(runtime, ref, 'paused', ctx),
    resume: (ref, ctx) => changeStatus(runtime, ref, 'active', ctx),
    async setDailyBudget(ref, dailyBudgetCents, ctx) {
      if (!Number.isSafeInteger(dailyBudgetCents) || dailyBudgetCents <= 0)
        throw new PluginError('config', 'A daily budget must be a positive whole number of minor units', {
          code: 'SNAPCHAT_BUDGET_INVALID',
        });
      const { account, campaign, writable } = await snapshot(runtime, ref, ctx);
      const micros = minorUnitsToMicros(dailyBudgetCents, currencyExponent(account.currency));
      const response = await asPluginCall(
        ctx.signal,
        () =>
          runtime.client.updateCampaign(
            ref.accountExternalId,
            { ...writable, daily_budget_micro: micros },
            ctx.signal,
          ),
        true,
      );
      return {
        campaign: ref,
        previous: campaign.dailyBudgetCents,
        current: dailyBudgetCents,
        effectiveFrom: dayInZone(runtime.context.clock.now(), account.timezone),
        platformResponse: (response ?? null) as JsonValue,
      };
    },
  };
}
