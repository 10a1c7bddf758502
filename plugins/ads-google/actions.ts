import { z } from 'zod';
import { PluginError } from '../../core/plugin-api/index.js';
import type {
  CallContext,
  CampaignActionResult,
  CampaignActions,
  CampaignRef,
  CampaignStatus,
  JsonValue,
} from '../../core/plugin-api/index.js';
import { campaignQuery, mapCampaignRow, minorToMicros } from '../../connectors/google-ads/index.js';
import type { GoogleAdsCampaign } from '../../connectors/google-ads/index.js';
import { mapped } from './errors.js';
import { dayIn } from './runtime.js';
import type { AdsGoogleRuntime } from './runtime.js';

const customerOfRowSchema = z.looseObject({
  customer: z.looseObject({ currencyCode: z.string(), timeZone: z.string() }),
});

interface CurrentCampaign {
  readonly campaign: GoogleAdsCampaign;
  readonly currency: string;
  readonly timeZone: string;
  readonly resourceName: string;
}

async function currentCampaign(
  runtime: AdsGoogleRuntime,
  ref: CampaignRef,
  ctx: CallContext,
): Promise<CurrentCampaign> {
  if (!runtime.config.customerIds.includes(ref.accountExternalId))
    throw new PluginError(
      'config',
      `Customer ${ref.accountExternalId} is not one of this installation's customers`,
      {
        code: 'GOOGLE_ADS_CUSTOMER_NOT_CONFIGURED',
      },
    );
  if (!/^\d+$/.test(ref.campaignExternalId))
    throw new PluginError('config', `"${ref.campaignExternalId}" is not a Google Ads campaign id`, {
      code: 'GOOGLE_ADS_CAMPAIGN_NOT_FOUND',
    });
  const page = await mapped(
    () =>
      runtime.client.search(
        ref.accountExternalId,
        campaignQuery(ref.campaignExternalId),
        undefined,
        ctx.signal,
      ),
    true,
  );
  const raw = page.results[0];
  const customer = customerOfRowSchema.safeParse(raw);
  if (raw === undefined || !customer.success)
    throw new PluginError(
      'config',
      `Campaign ${ref.campaignExternalId} not found in customer ${ref.accountExternalId}`,
      {
        code: 'GOOGLE_ADS_CAMPAIGN_NOT_FOUND',
      },
    );
  const { currencyCode: currency, timeZone } = customer.data.customer;
  const mappedRow = mapCampaignRow(raw, currency);
  if (!mappedRow.ok)
    throw new PluginError('system', `Google Ads returned an unreadable campaign: ${mappedRow.reason}`, {
      code: 'GOOGLE_ADS_ROW_INVALID',
      source: 'downstream',
    });
  if (mappedRow.value.status === 'deleted')
    throw new PluginError('config', `Campaign ${ref.campaignExternalId} is removed and cannot be changed`, {
      code: 'GOOGLE_ADS_CAMPAIGN_NOT_EDITABLE',
    });
  return {
    campaign: mappedRow.value,
    currency,
    timeZone,
    resourceName: `customers/${ref.accountExternalId}/campaigns/${ref.campaignExternalId}`,
  };
}

/** Google applies changes at once: the first affected day is today in the customer's zone. */
function today(runtime: AdsGoogleRuntime, timeZone: string): string {
  return dayIn(runtime.ctx.clock.now(), timeZone);
}

async function changeStatus(
  runtime: AdsGoogleRuntime,
  ref: CampaignRef,
  target: 'active' | 'paused',
  ctx: CallContext,
): Promise<CampaignActionResult<CampaignStatus>> {
  const current = await currentCampaign(runtime, ref, ctx);
  const previous = current.campaign.status;
  let platformResponse: JsonValue = { unchanged: true, status: current.campaign.platformStatus };
  if (previous !== target) {
    // CampaignOperation.update with a FieldMask (JSON: comma-separated camelCase paths).
    const operation = {
      update: { resourceName: current.resourceName, status: target === 'paused' ? 'PAUSED' : 'ENABLED' },
      updateMask: 'status',
    };
    platformResponse = (await mapped(
      () => runtime.client.mutate(ref.accountExternalId, 'campaigns', [operation], ctx.signal),
      true,
    )) as JsonValue;
  }
  return {
    campaign: ref,
    previous,
    current: target,
    effectiveFrom: today(runtime, current.timeZone),
    platformResponse,
  };
}

/** Pause, resume and daily budget through `campaigns:mutate` and `campaignBudgets:mutate`. */
export function createAdsGoogleActions(runtime: AdsGoogleRuntime): CampaignActions {
  return {
    pause: (ref, ctx) => changeStatus(runtime, ref, 'paused', ctx),
    resume: (ref, ctx) => changeStatus(runtime, ref, 'active', ctx),
    async setDailyBudget(ref, dailyBudgetCents, ctx) {
      if (!Number.isSafeInteger(dailyBudgetCents) || dailyBudgetCents < 1)
        throw new PluginError('config', 'A daily budget must be a positive whole number of minor units', {
          code: 'GOOGLE_ADS_BUDGET_INVALID',
        });
      const current = await currentCampaign(runtime, ref, ctx);
      const { campaign } = current;
      if (campaign.budgetResourceName === null || campaign.dailyBudgetCents === null)
        throw new PluginError(
          'config',
          campaign.budgetShared
            ? `Campaign ${ref.campaignExternalId} uses a shared budget; changing it would change other campaigns too`
            : `Campaign ${ref.campaignExternalId} has no daily budget of its own (period ${campaign.budgetPeriod ?? 'none'})`,
          { code: 'GOOGLE_ADS_BUDGET_NOT_ON_CAMPAIGN' },
        );
      // Budgets live on the campaign budget resource, in micros (int64 → JSON string).
      const operation = {
        update: {
          resourceName: campaign.budgetResourceName,
          amountMicros: minorToMicros(dailyBudgetCents, current.currency),
        },
        updateMask: 'amountMicros',
      };
      const platformResponse = (await mapped(
        () => runtime.client.mutate(ref.accountExternalId, 'campaignBudgets', [operation], ctx.signal),
        true,
      )) as JsonValue;
      return {
        campaign: ref,
        previous: campaign.dailyBudgetCents,
        current: dailyBudgetCents,
        effectiveFrom: today(runtime, current.timeZone),
        platformResponse,
      };
    },
  };
}
