/**
 * What the host passes to every capability call. The host aborts `signal` when the call exceeds
 * its time limit or the job is cancelled; long-running work must stop promptly when it fires
 * (pass it on to egress requests).
 */
export interface CallContext {
  /** Aborted on timeout, cancellation or shutdown. */
  readonly signal: AbortSignal;
  /** The sync run or job run this call belongs to, for log correlation. */
  readonly runId?: string;
  /**
   * Given on calls that return a plain value (`listAccounts`): the plugin reports the requests it
   * made to the platform, retries included, for `syncRuns.apiCalls`. Streams report per batch.
   */
  readonly reportApiCalls?: (count: number) => void;
}

/**
 * One page of rows plus the checkpoint that resumes right after it. The host commits `rows`,
 * then persists `state`; after a crash it passes the last persisted state back, so a plugin must
 * yield exactly the rows after that checkpoint (no gaps, no duplicates).
 */
export interface SyncBatch<TRow, TState> {
  /** The rows of this page (a plugin keeps pages small: at most 1,000 rows). */
  readonly rows: readonly TRow[];
  /** Opaque, JSON-serialisable checkpoint taken after `rows`. */
  readonly state: TState;
  /** Requests made to the platform to produce this page (reported in `syncRuns`). */
  readonly apiCalls: number;
  /**
   * Raw rows of this page the plugin could not map (wrong types, unknown enum values…): counted
   * as invalid rows of the run and sampled into its errors, never stored. `key` names the row
   * (e.g. `campaign 123 on 2026-11-01`); neither may contain secrets.
   */
  readonly rejected?: readonly { readonly reason: string; readonly key?: string }[];
}
