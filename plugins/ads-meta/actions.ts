/**
 * Pause, resume and daily budget in Meta's real request shape: `POST /{campaign_id}` with
 * form fields `status=PAUSED|ACTIVE` or `daily_budget=<integer string in the currency's offset
 * unit>`, answered `{"success": true}`. The campaign is read first: the answer carries the value
 * before (for undo), and changes Meta would refuse are refused here with an actionable message.
 */
import { metaBudgetToMinor, minorToMetaBudget, toActId } from '../../connectors/meta/index.js';
import { PluginError } from '../../core/plugin-api/index.js';
import type {
  CallContext,
  CampaignActionResult,
  CampaignActions,
  CampaignRef,
  CampaignStatus,
  JsonValue,
} from '../../core/plugin-api/index.js';
import { dayIn } from './days.js';
import type { MetaRuntime } from './meta-runtime.js';

const STATUSES: Readonly<Record<string, CampaignStatus>> = {
  ACTIVE: 'active',
  PAUSED: 'paused',
  ARCHIVED: 'archived',
  DELETED: 'deleted',
};

interface CurrentCampaign {
  readonly status: CampaignStatus;
  readonly dailyBudget: string | undefined;
  readonly currency: string;
  readonly today: string;
}

async function readCampaign(
  runtime: MetaRuntime,
  ref: CampaignRef,
  ctx: CallContext,
): Promise<CurrentCampaign> {
  const account = await runtime.account(ref.accountExternalId, ctx.signal);
  const body = await runtime.guard('reading the campaign', () =>
    runtime.client().get(ref.campaignExternalId, { fields: 'id,account_id,status,daily_budget' }, ctx.signal),
  );
  const accountId = typeof body['account_id'] === 'string' ? toActId(body['account_id']) : undefined;
  if (accountId !== toActId(ref.accountExternalId))
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} is not in ad account ${ref.accountExternalId}`,
      {
        code: 'META_CAMPAIGN_NOT_IN_ACCOUNT',
      },
    );
  const status = typeof body['status'] === 'string' ? STATUSES[body['status']] : undefined;
  if (status === undefined)
    throw new PluginError(
      'system',
      `Meta reported an unknown status for campaign ${ref.campaignExternalId}`,
      {
        code: 'META_CAMPAIGN_STATUS_UNKNOWN',
      },
    );
  return {
    status,
    dailyBudget:
      typeof body['daily_budget'] === 'string' && body['daily_budget'] !== '0'
        ? body['daily_budget']
        : undefined,
    currency: account.currency,
    // Meta applies a change at once: delivery changes from the account's current day on.
    today: dayIn(runtime.ctx.clock.now(), account.timezone),
  };
}

function editable(ref: CampaignRef, current: CurrentCampaign): void {
  if (current.status === 'archived' || current.status === 'deleted')
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} is ${current.status} and cannot be changed`,
      {
        code: 'META_CAMPAIGN_NOT_EDITABLE',
      },
    );
}

async function update(
  runtime: MetaRuntime,
  ref: CampaignRef,
  fields: Readonly<Record<string, string>>,
  ctx: CallContext,
): Promise<JsonValue> {
  const body = await runtime.guard('changing the campaign', () =>
    runtime.client().post(ref.campaignExternalId, fields, ctx.signal),
  );
  if (body['success'] !== true)
    throw new PluginError('system', `Meta did not confirm the change of campaign ${ref.campaignExternalId}`, {
      code: 'META_UPDATE_UNCONFIRMED',
    });
  return { success: true, id: ref.campaignExternalId, ...fields };
}

async function changeStatus(
  runtime: MetaRuntime,
  ref: CampaignRef,
  target: 'active' | 'paused',
  ctx: CallContext,
): Promise<CampaignActionResult<CampaignStatus>> {
  const current = await readCampaign(runtime, ref, ctx);
  editable(ref, current);
  const platformResponse =
    current.status === target
      ? { success: true, id: ref.campaignExternalId, unchanged: true }
      : await update(runtime, ref, { status: target === 'paused' ? 'PAUSED' : 'ACTIVE' }, ctx);
  return {
    campaign: ref,
    previous: current.status,
    current: target,
    effectiveFrom: current.today,
    platformResponse,
  };
}

async function setDailyBudget(
  runtime: MetaRuntime,
  ref: CampaignRef,
  dailyBudgetCents: number,
  ctx: CallContext,
): Promise<CampaignActionResult<number | null>> {
  const current = await readCampaign(runtime, ref, ctx);
  editable(ref, current);
  if (current.dailyBudget === undefined)
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} has no campaign budget (its ad sets or a lifetime budget hold it); change the budget there`,
      { code: 'META_BUDGET_NOT_ON_CAMPAIGN' },
    );
  const budget = minorToMetaBudget(dailyBudgetCents, current.currency);
  if (budget === undefined || budget === '0')
    throw new PluginError(
      'config',
      `${dailyBudgetCents} minor units of ${current.currency} is not a budget Meta can take (whole units of its budget offset, above zero)`,
      { code: 'META_BUDGET_INVALID' },
    );
  const platformResponse = await update(runtime, ref, { daily_budget: budget }, ctx);
  return {
    campaign: ref,
    previous: metaBudgetToMinor(current.dailyBudget, current.currency) ?? null,
    current: dailyBudgetCents,
    effectiveFrom: current.today,
    platformResponse,
  };
}

export function createAdsMetaActions(runtime: MetaRuntime): CampaignActions {
  return {
    pause: (ref, ctx) => changeStatus(runtime, ref, 'paused', ctx),
    resume: (ref, ctx) => changeStatus(runtime, ref, 'active', ctx),
    setDailyBudget: (ref, cents, ctx) => setDailyBudget(runtime, ref, cents, ctx),
  };
}
