import { z } from 'zod';
import { mapAdvertiser, mapCampaign, mapReportRow, reportMetrics } from '../../connectors/tiktok/index.js';
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
import { asPluginCall } from './plugin-errors.js';
import { addDays, rowToYield } from './runtime.js';
import type { TiktokRuntime } from './runtime.js';

/** `report/integrated/get` with `stat_time_day` spans at most 30 days (reference §3.2). */
export const TIKTOK_REPORT_WINDOW_DAYS = 30;

const campaignsStateSchema = z.object({ page: z.number().int().positive() }).strict();

/**
 * Checkpoint of a metrics stream: the window being read, the next page, and the report's row
 * count when the page before was read. TikTok computes reports live, so rows can shift between
 * pages (§3.4); a resume that finds another count re-reads the window from page 1 (upserts make
 * that harmless) rather than trusting page numbers that moved.
 */
const metricsStateSchema = z
  .object({
    windowFrom: calendarDaySchema,
    page: z.number().int().positive(),
    totalNumber: z.number().int().nonnegative().nullable(),
  })
  .strict();

function parseState<TState>(schema: z.ZodType<TState>, state: JsonObject | undefined): TState | undefined {
  if (state === undefined) return undefined;
  const parsed = schema.safeParse(state);
  if (!parsed.success)
    throw new PluginError('system', 'Unreadable ads-tiktok sync state', { code: 'TIKTOK_STATE_INVALID' });
  return parsed.data;
}

/** The first day a sync reads: the range's start, or earlier to re-read the late-data lookback. */
export function metricsStart(range: DayRange, lateDataDays: number): string {
  const lookback = addDays(range.to, -lateDataDays);
  return lookback < range.from ? lookback : range.from;
}

function windowEnd(windowFrom: string, rangeTo: string): string {
  const end = addDays(windowFrom, TIKTOK_REPORT_WINDOW_DAYS - 1);
  return end < rangeTo ? end : rangeTo;
}

/** Advertisers, campaigns and daily campaign metrics, each page a resumable batch. */
export function createTiktokSource(runtime: TiktokRuntime): AdsSource {
  const { client, config, logger } = runtime;
  const counted = async <T>(
    ctx: CallContext,
    work: () => Promise<T>,
  ): Promise<{ value: T; apiCalls: number }> => {
    const before = client.stats().requests;
    const value = await asPluginCall(ctx.signal, work);
    return { value, apiCalls: client.stats().requests - before };
  };

  return {
    async listAccounts(ctx) {
      const before = client.stats().requests;
      const list = await asPluginCall(ctx.signal, () =>
        client.advertiserInfo(config.advertiserIds, ctx.signal),
      ).finally(() => ctx.reportApiCalls?.(client.stats().requests - before));
      return list.map((raw) => rowToYield(mapAdvertiser(raw), logger, 'accounts') as AdAccount);
    },

    async *campaigns(account, state, ctx): AsyncGenerator<SyncBatch<Campaign, JsonObject>> {
      for (let page = parseState(campaignsStateSchema, state)?.page ?? 1; ; page += 1) {
        const { value, apiCalls } = await counted(ctx, () =>
          client.campaigns(account.externalId, page, config.pageSize, ctx.signal),
        );
        const rows = value.list.map(
          (raw) => rowToYield(mapCampaign(raw, account), logger, 'campaigns') as Campaign,
        );
        yield { rows, state: { page: page + 1 }, apiCalls };
        if (value.list.length === 0 || page >= (value.pageInfo?.total_page ?? page)) return;
      }
    },

    async *dailyMetrics(account, range, state, ctx): AsyncGenerator<SyncBatch<DailyMetric, JsonObject>> {
      const resumed = parseState(metricsStateSchema, state);
      const metrics = reportMetrics(config.conversionMapping);
      let windowFrom = resumed?.windowFrom ?? metricsStart(range, config.lateDataDays);
      let page = resumed?.page ?? 1;
      let expectedTotal = resumed?.totalNumber ?? null;
      while (windowFrom <= range.to) {
        const windowTo = windowEnd(windowFrom, range.to);
        const { value, apiCalls } = await counted(ctx, () =>
          client.report(
            {
              advertiserId: account.externalId,
              startDate: windowFrom,
              endDate: windowTo,
              metrics,
              page,
              pageSize: config.pageSize,
            },
            ctx.signal,
          ),
        );
        const total = value.pageInfo?.total_number ?? value.list.length;
        if (page > 1 && expectedTotal !== null && total !== expectedTotal) {
          logger.info('tiktok report changed between pages; reading the window again', {
            windowFrom,
            windowTo,
          });
          page = 1;
          expectedTotal = null;
          continue;
        }
        const rows = value.list.map(
          (raw) =>
            rowToYield(
              mapReportRow(raw, account, config.conversionMapping),
              logger,
              'metrics',
            ) as DailyMetric,
        );
        const last = value.list.length === 0 || page >= (value.pageInfo?.total_page ?? page);
        const next = last
          ? { windowFrom: addDays(windowTo, 1), page: 1, totalNumber: null }
          : { windowFrom, page: page + 1, totalNumber: total };
        yield { rows, state: next, apiCalls };
        ({ windowFrom, page } = next);
        expectedTotal = next.totalNumber;
      }
    },
  };
}
