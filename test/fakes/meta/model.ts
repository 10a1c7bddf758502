/** The fake's data: accounts, campaigns and their daily insights, as Meta would hold them. */

export interface FakeMetaAction {
  readonly action_type: string;
  readonly value: string;
}

/** One campaign-day as the insights edge reports it (numbers as strings, money in major units). */
export interface FakeMetaDay {
  readonly spend: string;
  readonly impressions: string;
  readonly clicks: string;
  readonly actions?: readonly FakeMetaAction[];
  readonly action_values?: readonly FakeMetaAction[];
}

export interface FakeMetaCampaign {
  readonly id: string;
  name: string;
  status: 'ACTIVE' | 'PAUSED' | 'ARCHIVED' | 'DELETED';
  objective: string;
  /** Integer string in the currency's offset unit; absent when the ad sets hold the budget. */
  daily_budget?: string;
  lifetime_budget?: string;
  /** Replaces the campaign object the API returns (malformed payload tests). */
  raw?: Record<string, unknown>;
  /** Day → metrics, or a raw row object returned as is (malformed payload tests). */
  readonly days: Map<string, FakeMetaDay | { readonly raw: Record<string, unknown> }>;
}

export interface FakeMetaAccount {
  /** Bare digits; the API's `id` is `act_<digits>`. */
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly timezone_name: string;
  readonly account_status: number;
  readonly campaigns: FakeMetaCampaign[];
}

export interface FakeMetaToken {
  readonly token: string;
  /** `ads_read` for reads, `ads_management` for campaign changes. */
  readonly scopes: readonly string[];
  /** Unix seconds; 0 = never (System User tokens). */
  readonly expiresAt: number;
  /** Unix seconds of the 90-day data access expiry; 0 = none. */
  readonly dataAccessExpiresAt?: number;
  /** Account ids (bare digits) the token's owner may use; every account when absent. */
  readonly accounts?: readonly string[];
}
