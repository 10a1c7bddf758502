import { z } from 'zod';
import {
  localMidnight,
  mapAdAccount,
  mapCampaign,
  mapTimeseriesEntry,
  nextDay,
  statsFields,
} from '../../connectors/snapchat/index.js';
import { PluginError } from '../../core/plugin-api/index.js';
import type {
  AdAccount,
  AdsSource,
  CallContext,
  Campaign,
  DailyMetric,
  JsonObject,
  SyncBatch,
} from '../../core/plugin-api/index.js';
import { asPluginCall } from './plugin-errors.js';
import { addDays, rowToYield } from './runtime.js';
import type { SnapchatRuntime } from './runtime.js';

/** Days per DAY stats request at most; Snap limits DAY windows to about a month (vendor docs, verify). */
export const SNAPCHAT_STATS_WINDOW_DAYS = 30;

/** Checkpoint of the campaigns stream: the `next_link` to follow, verbatim. */
const campaignsStateSchema = z.object({ nextLink: z.url().optional() }).strict();
/**
 * Checkpoint of the metrics stream: every day up to `doneThrough` is stored. Account stats come
 * per time window and are not paginated (§4.4), so whole windows are the unit. A checkpoint of the
 * former per-campaign shape (`afterCampaignId`) restarts the range: the upserts are idempotent.
 */
const metricsStateSchema = z.union([
  z
    .object({
      doneThrough: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .optional(),
    })
    .strict(),
  z.object({ afterCampaignId: z.string().min(1) }).strict(),
]);

function parseState<TState>(schema: z.ZodType<TState>, state: JsonObject | undefined): TState | undefined {
  if (state === undefined) return undefined;
  const parsed = schema.safeParse(state);
  if (!parsed.success)
    throw new PluginError('system', 'Unreadable ads-snapchat sync state', { code: 'SNAPCHAT_STATE_INVALID' });
  return parsed.data;
}

/**
 * Days per account stats request: as many as keep campaigns × days within `maxEntries` (the
 * answer holds every campaign-day, so this bounds its size), between 1 and
 * {@link SNAPCHAT_STATS_WINDOW_DAYS}.
 */
export function statsWindowDays(campaigns: number, maxEntries: number): number {
  return Math.max(1, Math.min(SNAPCHAT_STATS_WINDOW_DAYS, Math.floor(maxEntries / Math.max(1, campaigns))));
}

/** The day windows of a range, each at most `windowDays` long. */
export function statsWindows(
  from: string,
  to: string,
  windowDays: number = SNAPCHAT_STATS_WINDOW_DAYS,
): { from: string; to: string }[] {
  const windows: { from: string; to: string }[] = [];
  for (let start = from; start <= to;) {
    const candidate = addDays(start, windowDays - 1);
    const end = candidate < to ? candidate : to;
    windows.push({ from: start, to: end });
    start = nextDay(end);
  }
  return windows;
}

/**
 * Ad accounts, campaigns (next_link paging) and DAY stats of each account broken down by campaign,
 * one request per time window (sized by the campaign count), resumable by window.
 */
export function createSnapchatSource(runtime: SnapchatRuntime): AdsSource {
  const { client, config, logger } = runtime;
  const requests = () => client.stats().requests;

  const campaignIds = async (account: AdAccount, ctx: CallContext): Promise<string[]> => {
    const ids: string[] = [];
    let nextLink: string | undefined;
    do {
      const link = nextLink;
      const page = await asPluginCall(ctx.signal, () =>
        client.campaigns(
          account.externalId,
          { limit: config.pageSize, ...(link === undefined ? {} : { nextLink: link }) },
          ctx.signal,
        ),
      );
      for (const raw of page.campaigns) {
        const mapped = mapCampaign(raw, account);
        if (mapped.ok) ids.push(mapped.row.externalId);
      }
      nextLink = page.nextLink;
    } while (nextLink !== undefined);
    return ids.sort();
  };

  const windowRows = async (
    account: AdAccount,
    window: { from: string; to: string },
    known: ReadonlySet<string>,
    ctx: CallContext,
  ): Promise<DailyMetric[]> => {
    const series = await asPluginCall(ctx.signal, () =>
      client.accountDailyStatsByCampaign(
        {
          adAccountId: account.externalId,
          startTime: localMidnight(window.from, account.timezone),
          endTime: localMidnight(nextDay(window.to), account.timezone),
          fields: statsFields(config.conversionMapping),
          swipeUpAttributionWindow: config.swipeUpAttributionWindow,
          viewAttributionWindow: config.viewAttributionWindow,
          actionReportTime: config.actionReportTime,
        },
        ctx.signal,
      ),
    );
    const rows: DailyMetric[] = [];
    // Campaigns the listing refused (malformed) were reported there; their stats are not stored.
    for (const { campaignId, timeseries } of series) {
      if (!known.has(campaignId)) continue;
      for (const entry of timeseries)
        rows.push(
          rowToYield(
            mapTimeseriesEntry(entry, campaignId, account, config.conversionMapping),
            logger,
            'metrics',
          ) as DailyMetric,
        );
    }
    return rows;
  };

  return {
    async listAccounts(ctx) {
      const before = requests();
      const reachable = await asPluginCall(ctx.signal, () => client.adAccountsOfMe(ctx.signal)).finally(() =>
        ctx.reportApiCalls?.(requests() - before),
      );
      const wanted = new Set(config.adAccountIds);
      const accounts = reachable
        .filter((raw) => wanted.has(String((raw as Record<string, unknown> | null)?.['id'])))
        .map((raw) => rowToYield(mapAdAccount(raw), logger, 'accounts') as AdAccount);
      if (accounts.length < wanted.size)
        logger.warn('configured Snapchat ad accounts this login cannot reach', {
          missing: [...wanted].filter((id) => !accounts.some((account) => account.externalId === id)),
        });
      return accounts;
    },

    async *campaigns(account, state, ctx): AsyncGenerator<SyncBatch<Campaign, JsonObject>> {
      let nextLink = parseState(campaignsStateSchema, state)?.nextLink;
      do {
        const before = requests();
        const link = nextLink;
        const page = await asPluginCall(ctx.signal, () =>
          client.campaigns(
            account.externalId,
            { limit: config.pageSize, ...(link === undefined ? {} : { nextLink: link }) },
            ctx.signal,
          ),
        );
        const rows = page.campaigns.map(
          (raw) => rowToYield(mapCampaign(raw, account), logger, 'campaigns') as Campaign,
        );
        nextLink = page.nextLink;
        // After the last page the state is empty: resuming it reads the (idempotent) list again.
        yield { rows, state: nextLink === undefined ? {} : { nextLink }, apiCalls: requests() - before };
      } while (nextLink !== undefined);
    },

    async *dailyMetrics(account, range, state, ctx): AsyncGenerator<SyncBatch<DailyMetric, JsonObject>> {
      const checkpoint = parseState(metricsStateSchema, state);
      const doneThrough =
        checkpoint !== undefined && 'doneThrough' in checkpoint ? (checkpoint.doneThrough ?? '') : '';
      const lookback = addDays(range.to, -config.lateDataDays);
      const from = lookback < range.from ? lookback : range.from;
      const start = doneThrough >= from ? nextDay(doneThrough) : from;
      if (start > range.to) return;
      let before = requests();
      const known = new Set(await campaignIds(account, ctx));
      const windowDays = statsWindowDays(known.size, config.statsEntriesPerRequest);
      let committed: JsonObject = doneThrough === '' ? {} : { doneThrough };
      for (const window of statsWindows(start, range.to, windowDays)) {
        const rows = await windowRows(account, window, known, ctx);
        // Only the window's last batch moves the checkpoint: a stop mid-window re-reads the window.
        for (let offset = 0; offset < rows.length || offset === 0; offset += config.batchRows) {
          const last = offset + config.batchRows >= rows.length;
          yield {
            rows: rows.slice(offset, offset + config.batchRows),
            state: last ? { doneThrough: window.to } : committed,
            apiCalls: requests() - before,
          };
          before = requests();
        }
        committed = { doneThrough: window.to };
      }
    },
  };
}
