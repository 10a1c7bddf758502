import { z } from 'zod';
import { PluginError, calendarDaySchema } from '../../core/plugin-api/index.js';
import type {
  AdAccount,
  AdsSource,
  CallContext,
  Campaign,
  DailyMetric,
  DayRange,
  JsonObject,
  SyncBatch,
} from '../../core/plugin-api/index.js';
import {
  CAMPAIGNS_QUERY,
  CUSTOMER_QUERY,
  dailyMetricsQuery,
  mapCampaignRow,
  mapCustomerRow,
  mapMetricRow,
} from '../../connectors/google-ads/index.js';
import type { RowResult } from '../../connectors/google-ads/index.js';
import { mapped } from './errors.js';
import { addDays } from './runtime.js';
import type { AdsGoogleRuntime } from './runtime.js';

/** Rows per batch: Google pages hold up to 10,000 rows; the host takes at most 1,000 per batch. */
export const ADS_GOOGLE_BATCH_SIZE = 1_000;

/**
 * Where a paged query stands: the page token that fetched the current page (`null`: the first
 * page), how many of that page's rows were yielded, and whether the query is finished. Resuming
 * re-posts the identical query with the same token and skips `offset` rows (the query orders
 * its rows, so the page is the same).
 */
const pageStateSchema = z
  .object({ pageToken: z.string().nullable(), offset: z.number().int().nonnegative(), done: z.boolean() })
  .strict();
type PageState = z.infer<typeof pageStateSchema>;

/** Metrics also pin the days the run reads, so a resumed run sends the same query. */
const metricsStateSchema = pageStateSchema
  .extend({ from: calendarDaySchema, to: calendarDaySchema })
  .strict();

function parseState<T>(schema: z.ZodType<T>, state: JsonObject | undefined): T | undefined {
  if (state === undefined) return undefined;
  const parsed = schema.safeParse(state);
  if (!parsed.success)
    throw new PluginError('system', 'Unreadable ads-google sync state', { code: 'GOOGLE_ADS_STATE_INVALID' });
  return parsed.data;
}

interface PagedQuery<TRow> {
  readonly runtime: AdsGoogleRuntime;
  readonly account: AdAccount;
  readonly query: string;
  readonly stream: 'campaigns' | 'metrics';
  readonly map: (raw: unknown) => RowResult<TRow>;
  readonly ctx: CallContext;
}

/** Pages of a GAQL query cut into batches of at most {@link ADS_GOOGLE_BATCH_SIZE}, each with its checkpoint. */
async function* pagedRows<TRow>(
  paged: PagedQuery<TRow>,
  start: PageState | undefined,
): AsyncGenerator<{ rows: TRow[]; state: PageState; apiCalls: number }> {
  const { runtime, account, ctx } = paged;
  const { stats } = runtime.client;
  const logger = runtime.ctx.logger.child({ accountExternalId: account.externalId, stream: paged.stream });
  if (start?.done === true) return;
  let token = start?.pageToken ?? null;
  let offset = start?.offset ?? 0;
  let requestsBefore = stats.requests;
  for (;;) {
    const page = await mapped(() =>
      runtime.client.search(account.externalId, paged.query, token ?? undefined, ctx.signal),
    );
    const next = page.nextPageToken ?? null;
    let yielded = false;
    while (offset < page.results.length || !yielded) {
      const chunk = page.results.slice(offset, offset + ADS_GOOGLE_BATCH_SIZE);
      const rows: TRow[] = [];
      chunk.forEach((raw, index) => {
        const result = paged.map(raw);
        if (result.ok) rows.push(result.value);
        else
          logger.warn('google ads row rejected', {
            code: 'GOOGLE_ADS_ROW_INVALID',
            row: result.key,
            position: offset + index,
            reason: result.reason,
          });
      });
      offset += chunk.length;
      const pageDone = offset >= page.results.length;
      const state: PageState = !pageDone
        ? { pageToken: token, offset, done: false }
        : next === null
          ? { pageToken: token, offset, done: true }
          : { pageToken: next, offset: 0, done: false };
      yield { rows, state, apiCalls: stats.requests - requestsBefore };
      requestsBefore = stats.requests;
      yielded = true;
    }
    if (next === null) return;
    token = next;
    offset = 0;
  }
}

function toCampaign(account: AdAccount) {
  return (raw: unknown): RowResult<Campaign> => {
    const result = mapCampaignRow(raw, account.currency);
    if (!result.ok) return result;
    const { externalId, name, status, objective, dailyBudgetCents } = result.value;
    return {
      ok: true,
      value: {
        externalId,
        accountExternalId: account.externalId,
        name,
        status,
        objective,
        dailyBudgetCents,
        currency: account.currency,
      },
    };
  };
}

function toMetric(account: AdAccount, runtime: AdsGoogleRuntime) {
  return (raw: unknown): RowResult<DailyMetric> => {
    const result = mapMetricRow(raw, account.currency, runtime.config.conversionMetric);
    return result.ok
      ? {
          ok: true,
          value: { ...result.value, accountExternalId: account.externalId, currency: account.currency },
        }
      : result;
  };
}

/**
 * The days a run reads: the host's range, stretched back so the last `lateDataDays` days before
 * its end are always re-read (late conversions). Days are taken as the customer's own days, which
 * is what `segments.date` means (Google reports in the customer's time zone).
 */
export function metricsWindow(range: DayRange, lateDataDays: number): DayRange {
  if (lateDataDays <= 0) return range;
  const lookback = addDays(range.to, -(lateDataDays - 1));
  return { from: lookback < range.from ? lookback : range.from, to: range.to };
}

/** Customers, campaigns and daily campaign metrics from the Google Ads API, resumable per page. */
export function createAdsGoogleSource(runtime: AdsGoogleRuntime): AdsSource {
  const { client, config } = runtime;
  return {
    async listAccounts(ctx) {
      const accounts: AdAccount[] = [];
      const before = client.stats.requests;
      try {
        for (const customerId of config.customerIds) {
          const page = await mapped(
            () => client.search(customerId, CUSTOMER_QUERY, undefined, ctx.signal),
            true,
          );
          const result = page.results[0] === undefined ? undefined : mapCustomerRow(page.results[0]);
          if (result === undefined || !result.ok) {
            runtime.ctx.logger.warn('google ads customer row rejected', {
              code: 'GOOGLE_ADS_ROW_INVALID',
              row: customerId,
              reason: result === undefined ? 'no customer row' : result.reason,
            });
            continue;
          }
          accounts.push({ ...result.value, platform: 'google' });
        }
      } finally {
        ctx.reportApiCalls?.(client.stats.requests - before);
      }
      return accounts;
    },

    async *campaigns(account, state, ctx): AsyncGenerator<SyncBatch<Campaign, JsonObject>> {
      const paged = {
        runtime,
        account,
        ctx,
        query: CAMPAIGNS_QUERY,
        stream: 'campaigns' as const,
        map: toCampaign(account),
      };
      for await (const batch of pagedRows(paged, parseState(pageStateSchema, state))) yield { ...batch };
    },

    async *dailyMetrics(account, range, state, ctx): AsyncGenerator<SyncBatch<DailyMetric, JsonObject>> {
      const resumed = parseState(metricsStateSchema, state);
      const window = resumed ?? metricsWindow(range, config.lateDataDays);
      const paged = {
        runtime,
        account,
        ctx,
        query: dailyMetricsQuery(window.from, window.to, config.conversionMetric),
        stream: 'metrics' as const,
        map: toMetric(account, runtime),
      };
      for await (const batch of pagedRows(paged, resumed))
        yield { ...batch, state: { ...batch.state, from: window.from, to: window.to } };
    },
  };
}
