import type { CallContext } from '../call-context.js';
import type { JsonValue } from '../json.js';
import type { CampaignStatus } from '../records.js';

/** Which campaign an action targets: platforms need the account as well as the campaign id. */
export interface CampaignRef {
  readonly accountExternalId: string;
  readonly campaignExternalId: string;
}

/**
 * The answer to a campaign action: the value before (so the host can offer undo) and after, and
 * what the platform answered (stored in the audit log as-is).
 */
export interface CampaignActionResult<TValue> {
  readonly campaign: CampaignRef;
  readonly previous: TValue;
  readonly current: TValue;
  /** First calendar day (account time zone) on which the change affects delivery. */
  readonly effectiveFrom: string;
  /** The platform's answer, JSON-serialisable and free of secrets. */
  readonly platformResponse: JsonValue;
}

/**
 * Changes a campaign on its platform (used by rules and by managers in the console). Failures
 * throw a `PluginError`: `config` for a campaign that cannot take the change (unknown, deleted,
 * budget set at another level), `auth`, `transient` or `system` otherwise.
 */
export interface CampaignActions {
  /** Stops delivery. Pausing a paused campaign succeeds and changes nothing. */
  pause(campaign: CampaignRef, ctx: CallContext): Promise<CampaignActionResult<CampaignStatus>>;
  /** Restarts delivery of a paused campaign. */
  resume(campaign: CampaignRef, ctx: CallContext): Promise<CampaignActionResult<CampaignStatus>>;
  /** Sets the daily budget in integer minor units of the campaign's currency. */
  setDailyBudget(
    campaign: CampaignRef,
    dailyBudgetCents: number,
    ctx: CallContext,
  ): Promise<CampaignActionResult<number | null>>;
}
