/**
 * Daily campaign insights of one account, resumable after every page: a synchronous cursor
 * walk of `GET /act_{id}/insights` for short ranges, an async report job (POST → report_run_id
 * → poll → paged results) for long ones or when Meta times out on the synchronous query. The
 * checkpoint names the report run, so a resumed sync polls the same job instead of starting
 * another.
 */
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import {
  META_REPORT_DONE,
  META_REPORT_FAILED,
  insightsParams,
  mapInsightsRow,
  toActId,
} from '../../connectors/meta/index.js';
import type { MetaClient, MetaPage, MetaReportRun } from '../../connectors/meta/index.js';
import { abortableSleep, isConnectorError } from '../../connectors/shared/index.js';
import { PluginError, calendarDaySchema, isPluginError } from '../../core/plugin-api/index.js';
import type {
  AdAccount,
  CallContext,
  DailyMetric,
  DayRange,
  JsonObject,
  SyncBatch,
} from '../../core/plugin-api/index.js';
import { addDays, daysInRange } from './days.js';
import type { MetaRuntime } from './meta-runtime.js';
import { parseState, reportProblems } from './stream-support.js';

const span = {
  since: calendarDaySchema,
  until: calendarDaySchema,
  after: z.string().nullable(),
  complete: z.boolean(),
};
const metricsStateSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('sync'), ...span }).strict(),
  z
    .object({
      mode: z.literal('async'),
      ...span,
      reportRunId: z.string().nullable(),
      ready: z.boolean(),
      resubmits: z.number().int().nonnegative(),
    })
    .strict(),
]);
type MetricsState = z.infer<typeof metricsStateSchema>;
type AsyncState = Extract<MetricsState, { mode: 'async' }>;
type Batch = SyncBatch<DailyMetric, JsonObject>;

/** A failed or skipped job is submitted again this many times before the sync gives up (reference §1.5: -2/2490547). */
const MAX_REPORT_RESUBMITS = 2;
/** While a job runs, an empty checkpoint is committed this often (a host call is limited to 2 minutes). */
const POLL_CHECKPOINT_EVERY_MS = 30_000;

/** The days read: `range`, widened back by the late-data lookback (Meta restates recent days). */
function initialState(runtime: MetaRuntime, range: DayRange): MetricsState {
  const lookback = runtime.config.lateDataDays;
  const widened = lookback > 0 ? addDays(range.to, -lookback) : range.from;
  const since = widened < range.from ? widened : range.from;
  const base = { since, until: range.to, after: null, complete: false };
  return daysInRange(since, range.to) > runtime.config.asyncReportAboveDays
    ? { mode: 'async', ...base, reportRunId: null, ready: false, resubmits: 0 }
    : { mode: 'sync', ...base };
}

function startAsync(state: MetricsState): AsyncState {
  return {
    mode: 'async',
    since: state.since,
    until: state.until,
    after: null,
    complete: false,
    reportRunId: null,
    ready: false,
    resubmits: 0,
  };
}

interface StreamParts {
  readonly runtime: MetaRuntime;
  readonly client: MetaClient;
  readonly account: AdAccount;
  readonly ctx: CallContext;
  /** Requests sent since the previous batch. */
  readonly apiCalls: () => number;
}

function batchOf(parts: StreamParts, page: MetaPage, state: MetricsState): Batch {
  const mapped = page.data.map((raw) =>
    mapInsightsRow(raw, parts.account, { conversionActionTypes: parts.runtime.config.conversionActionTypes }),
  );
  reportProblems(
    parts.runtime,
    'insights row',
    mapped,
    (record) => `${String(record.campaignExternalId)}@${String(record.date)}`,
  );
  return {
    rows: mapped.map((row) => row.record as DailyMetric),
    state: { ...state },
    apiCalls: parts.apiCalls(),
  };
}

async function* readSync(
  parts: StreamParts,
  start: Extract<MetricsState, { mode: 'sync' }>,
): AsyncGenerator<Batch, AsyncState | undefined> {
  let state = start;
  const { runtime, client, account, ctx } = parts;
  for (;;) {
    let page: MetaPage;
    try {
      page = await runtime.guard('reading insights', () =>
        client.page(
          `${toActId(account.externalId)}/insights`,
          insightsParams({ since: state.since, until: state.until }, runtime.config.pageSize),
          state.after,
          ctx.signal,
        ),
      );
    } catch (error) {
      // Meta could not answer the query in time: the same days through an async job instead.
      if (state.after === null && isPluginError(error) && error.code === 'META_QUERY_TOO_LARGE')
        return startAsync(state);
      throw error;
    }
    state = { ...state, after: page.hasNext ? page.after : null, complete: !page.hasNext };
    yield batchOf(parts, page, state);
    if (state.complete) return undefined;
  }
}

async function pollOnce(parts: StreamParts, reportRunId: string): Promise<MetaReportRun | undefined> {
  return parts.runtime.guard('polling the insights report', async () => {
    try {
      return await parts.client.reportRun(reportRunId, parts.ctx.signal);
    } catch (error) {
      // A job Meta no longer knows (results expired before a resume) is simply submitted again.
      if (isConnectorError(error) && error.kind === 'not_found') return undefined;
      throw error;
    }
  });
}

/** Submits (or resumes) the job and polls it until its results can be read. */
async function* awaitReport(parts: StreamParts, start: AsyncState): AsyncGenerator<Batch, AsyncState> {
  const { runtime, client, account, ctx } = parts;
  let state = start;
  let lastCheckpoint = performance.now();
  while (!state.ready) {
    if (state.reportRunId === null) {
      const { since, until } = state;
      const id = await runtime.guard('starting an insights report', () =>
        client.submitReport(
          toActId(account.externalId),
          insightsParams({ since, until }, runtime.config.pageSize),
          ctx.signal,
        ),
      );
      state = { ...state, reportRunId: id };
      yield { rows: [], state: { ...state }, apiCalls: parts.apiCalls() };
      lastCheckpoint = performance.now();
      continue;
    }
    const run = await pollOnce(parts, state.reportRunId);
    if (run?.status === META_REPORT_DONE) {
      state = { ...state, ready: true };
      break;
    }
    if (run === undefined || META_REPORT_FAILED.has(run.status)) {
      if (state.resubmits >= MAX_REPORT_RESUBMITS)
        throw new PluginError(
          'transient',
          `Meta's insights report failed ${state.resubmits + 1} times (${run?.errorCode ?? '?'}: ${run?.errorMessage ?? run?.status ?? 'gone'}); the next sync tries again`,
          { code: 'META_REPORT_FAILED' },
        );
      runtime.ctx.logger.warn('insights report failed; submitting it again', {
        status: run?.status ?? 'gone',
        errorCode: run?.errorCode,
      });
      state = { ...state, reportRunId: null, resubmits: state.resubmits + 1 };
      continue;
    }
    if (performance.now() - lastCheckpoint >= POLL_CHECKPOINT_EVERY_MS) {
      yield { rows: [], state: { ...state }, apiCalls: parts.apiCalls() };
      lastCheckpoint = performance.now();
    }
    await abortableSleep(runtime.config.reportPollIntervalMs, ctx.signal);
  }
  return state;
}

async function* readAsync(parts: StreamParts, start: AsyncState): AsyncGenerator<Batch> {
  let state = yield* awaitReport(parts, start);
  const reportRunId = state.reportRunId ?? '';
  for (;;) {
    const after = state.after;
    const page = await parts.runtime.guard('reading the insights report', () =>
      parts.client.page(
        `${reportRunId}/insights`,
        { limit: parts.runtime.config.pageSize },
        after,
        parts.ctx.signal,
      ),
    );
    state = { ...state, after: page.hasNext ? page.after : null, complete: !page.hasNext };
    yield batchOf(parts, page, state);
    if (state.complete) return;
  }
}

/** The account's daily campaign rows for `range` (plus the late-data lookback). */
export async function* streamDailyMetrics(
  runtime: MetaRuntime,
  account: AdAccount,
  range: DayRange,
  state: JsonObject | undefined,
  ctx: CallContext,
): AsyncGenerator<Batch> {
  const resumed = parseState(metricsStateSchema, state) ?? initialState(runtime, range);
  if (resumed.complete) return;
  const client = runtime.client();
  let counted = 0;
  const apiCalls = () => {
    const made = client.stats.requests - counted;
    counted = client.stats.requests;
    return made;
  };
  const parts: StreamParts = { runtime, client, account, ctx, apiCalls };
  const asyncState = resumed.mode === 'sync' ? yield* readSync(parts, resumed) : resumed;
  if (asyncState !== undefined) yield* readAsync(parts, asyncState);
}
