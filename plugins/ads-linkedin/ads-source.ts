import { z } from 'zod';
import {
  analyticsFields,
  mapAdAccount,
  mapAnalyticsElement,
  mapCampaign,
} from '../../connectors/linkedin/index.js';
import { PluginError, calendarDaySchema } from '../../core/plugin-api/index.js';
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
import type { LinkedinRuntime } from './runtime.js';

/**
 * adAnalytics is not paginated and silently truncates past 15,000 elements (§5.5): windows are
 * sized so campaigns × days stays at or under this, well below the cap.
 */
export const LINKEDIN_MAX_ELEMENTS_PER_CALL = 10_000;
/** Longest window asked for at once. */
const MAX_WINDOW_DAYS = 90;

const campaignsStateSchema = z.object({ pageToken: z.string().min(1).optional() }).strict();
/**
 * Checkpoint of the metrics stream: the window being read and the last (campaign, day) key of
 * that window already yielded. A window is read again on resume (analytics has no cursor) and its
 * rows, sorted by key, are skipped up to `afterKey`: nothing twice, nothing missed.
 */
const metricsStateSchema = z
  .object({ windowFrom: calendarDaySchema, afterKey: z.string().nullable() })
  .strict();

function parseState<TState>(schema: z.ZodType<TState>, state: JsonObject | undefined): TState | undefined {
  if (state === undefined) return undefined;
  const parsed = schema.safeParse(state);
  if (!parsed.success)
    throw new PluginError('system', 'Unreadable ads-linkedin sync state', { code: 'LINKEDIN_STATE_INVALID' });
  return parsed.data;
}

/** Days per analytics call for an account with `campaigns` campaigns. */
export function analyticsWindowDays(
  campaigns: number,
  maxElements: number = LINKEDIN_MAX_ELEMENTS_PER_CALL,
): number {
  return Math.max(1, Math.min(MAX_WINDOW_DAYS, Math.floor(maxElements / Math.max(1, campaigns))));
}

/**
 * The campaign sets of one window's calls: the whole account (no facet) while one day of every
 * campaign fits in a call, else chunks of at most `maxElements` campaigns, in id order so the
 * rows of consecutive chunks keep the checkpoint's key order.
 */
export function campaignGroups(
  campaignIds: readonly string[],
  maxElements: number = LINKEDIN_MAX_ELEMENTS_PER_CALL,
): (readonly string[] | undefined)[] {
  if (campaignIds.length <= maxElements) return [undefined];
  const sorted = [...campaignIds].sort((left, right) =>
    left.padStart(20, '0').localeCompare(right.padStart(20, '0')),
  );
  const groups: string[][] = [];
  for (let start = 0; start < sorted.length; start += maxElements)
    groups.push(sorted.slice(start, start + maxElements));
  return groups;
}

const keyOf = (row: DailyMetric): string => {
  const campaign = typeof row.campaignExternalId === 'string' ? row.campaignExternalId : '';
  const date = typeof row.date === 'string' ? row.date : '';
  return `${campaign.padStart(20, '0')}|${date}`;
};

export function createLinkedinSource(runtime: LinkedinRuntime): AdsSource {
  const { client, config, logger } = runtime;
  const requests = () => client.stats().requests;

  const campaignIdsOf = async (account: AdAccount, ctx: CallContext): Promise<string[]> => {
    const ids: string[] = [];
    let pageToken: string | undefined;
    do {
      const token = pageToken;
      const page = await asPluginCall(ctx.signal, () =>
        client.campaigns(
          account.externalId,
          { pageSize: config.pageSize, ...(token === undefined ? {} : { pageToken: token }) },
          ctx.signal,
        ),
      );
      for (const raw of page.elements) {
        const id = (raw as Record<string, unknown> | null)?.['id'];
        if (typeof id === 'number' || typeof id === 'string') ids.push(String(id));
      }
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    return ids;
  };

  return {
    async listAccounts(ctx) {
      const accounts: AdAccount[] = [];
      const before = requests();
      try {
        for (const id of config.accountIds) {
          const raw = await asPluginCall(ctx.signal, () => client.adAccount(id, ctx.signal), true);
          accounts.push(rowToYield(mapAdAccount(raw), logger, 'accounts') as AdAccount);
        }
      } finally {
        ctx.reportApiCalls?.(requests() - before);
      }
      return accounts;
    },

    async *campaigns(account, state, ctx): AsyncGenerator<SyncBatch<Campaign, JsonObject>> {
      let pageToken = parseState(campaignsStateSchema, state)?.pageToken;
      do {
        const before = requests();
        const token = pageToken;
        const page = await asPluginCall(ctx.signal, () =>
          client.campaigns(
            account.externalId,
            { pageSize: config.pageSize, ...(token === undefined ? {} : { pageToken: token }) },
            ctx.signal,
          ),
        );
        const rows = page.elements.map(
          (raw) => rowToYield(mapCampaign(raw, account), logger, 'campaigns') as Campaign,
        );
        pageToken = page.nextPageToken;
        yield { rows, state: pageToken === undefined ? {} : { pageToken }, apiCalls: requests() - before };
      } while (pageToken !== undefined);
    },

    async *dailyMetrics(account, range, state, ctx): AsyncGenerator<SyncBatch<DailyMetric, JsonObject>> {
      const resumed = parseState(metricsStateSchema, state);
      const lookback = addDays(range.to, -config.lateDataDays);
      let windowFrom = resumed?.windowFrom ?? (lookback < range.from ? lookback : range.from);
      let afterKey = resumed?.afterKey ?? null;
      let before = requests();
      const ids = await campaignIdsOf(account, ctx);
      const days = analyticsWindowDays(ids.length, config.maxElementsPerCall);
      const groups = campaignGroups(ids, config.maxElementsPerCall);
      const fields = analyticsFields(config.conversionMapping);
      while (windowFrom <= range.to) {
        const candidate = addDays(windowFrom, days - 1);
        const windowTo = candidate < range.to ? candidate : range.to;
        const from = windowFrom;
        const elements: unknown[] = [];
        for (const campaignIds of groups) {
          const part = await asPluginCall(ctx.signal, () =>
            client.dailyCampaignAnalytics(
              {
                accountId: account.externalId,
                from,
                to: windowTo,
                fields,
                ...(campaignIds === undefined ? {} : { campaignIds }),
              },
              ctx.signal,
            ),
          );
          if (part.length >= 15_000)
            logger.warn('linkedin analytics answer may be truncated', {
              windowFrom,
              windowTo,
              elements: part.length,
            });
          elements.push(...part);
        }
        const rows = elements
          .map(
            (raw) =>
              rowToYield(
                mapAnalyticsElement(raw, account, config.conversionMapping),
                logger,
                'metrics',
              ) as DailyMetric,
          )
          .map((row) => ({ row, key: keyOf(row) }))
          .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0))
          .filter(({ key }) => afterKey === null || key > afterKey);
        const nextWindow = addDays(windowTo, 1);
        for (let start = 0; start < rows.length || start === 0; start += config.batchRows) {
          const slice = rows.slice(start, start + config.batchRows);
          const last = start + config.batchRows >= rows.length;
          const lastKey = slice.at(-1)?.key ?? null;
          yield {
            rows: slice.map(({ row }) => row),
            state: last ? { windowFrom: nextWindow, afterKey: null } : { windowFrom, afterKey: lastKey },
            apiCalls: requests() - before,
          };
          before = requests();
        }
        windowFrom = nextWindow;
        afterKey = null;
      }
    },
  };
}
