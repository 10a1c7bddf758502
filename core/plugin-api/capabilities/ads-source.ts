import type { CallContext, SyncBatch } from '../call-context.js';
import type { JsonObject } from '../json.js';
import type { AdAccount, Campaign, DailyMetric } from '../records.js';

/** An inclusive range of calendar days (`YYYY-MM-DD`) in the account's time zone. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

/**
 * Structure and daily performance of an ad platform, read incrementally. Every stream yields
 * batches with a checkpoint; passing a checkpoint back (the `state` argument) continues right
 * after it. `undefined` state starts from the beginning. Rows are validated by the host with the
 * record schemas; an invalid row is reported and skipped, never stored.
 */
export interface AdsSource<TState extends JsonObject = JsonObject> {
  /** The ad accounts the installation's credentials can reach (and its config selects). */
  listAccounts(ctx: CallContext): Promise<readonly AdAccount[]>;

  /** The account's campaigns, in pages of at most 1,000. */
  campaigns(
    account: AdAccount,
    state: TState | undefined,
    ctx: CallContext,
  ): AsyncIterable<SyncBatch<Campaign, TState>>;

  /**
   * Daily metrics of the account's campaigns for `range` (days in the account's time zone), in
   * pages of at most 1,000 rows. Days a platform may still restate (late conversions) should be
   * included whenever they fall in `range`; the host re-syncs a trailing window on every run.
   */
  dailyMetrics(
    account: AdAccount,
    range: DayRange,
    state: TState | undefined,
    ctx: CallContext,
  ): AsyncIterable<SyncBatch<DailyMetric, TState>>;
}
