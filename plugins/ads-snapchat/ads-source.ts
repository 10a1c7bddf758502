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
  DayRange,
  JsonObject,
  SyncBatch,
} from '../../core/plugin-api/index.js';
import { asPluginCall } from './plugin-errors.js';
import { addDays, rowToYield } from './runtime.js';
import type { SnapchatRuntime } from './runtime.js';

/** Days per DAY stats request; Snap limits DAY windows to about a month (vendor docs, verify). */
export const SNAPCHAT_STATS_WINDOW_DAYS = 30;

/** Checkpoint of the campaigns stream: the `next_link` to follow, verbatim. */
const campaignsStateSchema = z.object({ nextLink: z.url().optional() }).strict();
/**
 * Checkpoint of the metrics stream: every campaign whose id sorts at or before `afterCampaignId`
 * is complete. Stats are per campaign and not paginated (§4.4), so whole campaigns are the unit.
 */
const metricsStateSchema = z.object({ afterCampaignId: z.string().min(1) }).strict();

function parseState<TState>(schema: z.ZodType<TState>, state: JsonObject | undefined): TState | undefined {
  if (state === undefined) return undefined;
  const parsed = schema.safeParse(state);
  if (!parsed.success)
    throw new PluginError('system', 'Unreadable ads-snapchat sync state', { code: 'SNAPCHAT_STATE_INVALID' });
  return parsed.data;
}

/** The day windows of a range, each at most {@link SNAPCHAT_STATS_WINDOW_DAYS}. */
export function statsWindows(from: string, to: string): { from: string; to: string }[] {
  const windows: { from: string; to: string }[] = [];
  for (let start = from; start <= to;) {
    const candidate = addDays(start, SNAPCHAT_STATS_WINDOW_DAYS - 1);
    const end = candidate < to ? candidate : to;
    windows.push({ from: start, to: end });
    start = nextDay(end);
  }
  return windows;
}

/** Ad accounts, campaigns (next_link paging) and DAY stats per campaign, resumable by campaign. */
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

  const campaignRows = async (
    account: AdAccount,
    campaignId: string,
    range: DayRange,
    ctx: CallContext,
  ): Promise<DailyMetric[]> => {
    const rows: DailyMetric[] = [];
    for (const window of statsWindows(range.from, range.to)) {
      const entries = await asPluginCall(ctx.signal, () =>
        client.campaignDailyStats(
          {
            campaignId,
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
      for (const entry of entries)
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
      const reachable = await asPluginCall(ctx.signal, () => client.adAccountsOfMe(ctx.signal));
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
      const after = parseState(metricsStateSchema, state)?.afterCampaignId;
      const lookback = addDays(range.to, -config.lateDataDays);
      const window = { from: lookback < range.from ? lookback : range.from, to: range.to };
      let before = requests();
      const ids = (await campaignIds(account, ctx)).filter((id) => after === undefined || id > after);
      let batch: DailyMetric[] = [];
      let lastId: string | undefined;
      for (const id of ids) {
        const rows = await campaignRows(account, id, window, ctx);
        if (batch.length > 0 && lastId !== undefined && batch.length + rows.length > config.batchRows) {
          yield { rows: batch, state: { afterCampaignId: lastId }, apiCalls: requests() - before };
          before = requests();
          batch = [];
        }
        batch.push(...rows);
        lastId = id;
      }
      if (lastId !== undefined)
        yield { rows: batch, state: { afterCampaignId: lastId }, apiCalls: requests() - before };
    },
  };
}
