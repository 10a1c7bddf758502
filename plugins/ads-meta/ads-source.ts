import { z } from 'zod';
import {
  META_ACCOUNT_FIELDS,
  campaignsParams,
  mapAccount,
  mapCampaign,
  toActId,
} from '../../connectors/meta/index.js';
import type {
  AdAccount,
  AdsSource,
  CallContext,
  Campaign,
  JsonObject,
  SyncBatch,
} from '../../core/plugin-api/index.js';
import { streamDailyMetrics } from './insights-stream.js';
import type { MetaRuntime } from './meta-runtime.js';
import { asRecords, parseState, reportProblems } from './stream-support.js';

const campaignsStateSchema = z.object({ after: z.string().nullable(), complete: z.boolean() }).strict();

async function listAccounts(runtime: MetaRuntime, ctx: CallContext): Promise<readonly AdAccount[]> {
  const client = runtime.client();
  const before = client.stats.requests;
  const raw = await runtime
    .guard('listing ad accounts', async () => {
      // One by one: a refused token stops at the first request instead of failing N in parallel.
      if (runtime.config.accountIds.length > 0) {
        const accounts: unknown[] = [];
        for (const id of runtime.config.accountIds)
          accounts.push(await client.get(toActId(id), { fields: META_ACCOUNT_FIELDS }, ctx.signal));
        return accounts;
      }
      const all: unknown[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await client.page(
          'me/adaccounts',
          { fields: META_ACCOUNT_FIELDS, limit: 100 },
          after,
          ctx.signal,
        );
        all.push(...page.data);
        if (!page.hasNext) return all;
        after = page.after;
      }
    })
    .finally(() => ctx.reportApiCalls?.(client.stats.requests - before));
  const mapped = raw.map(mapAccount);
  reportProblems(runtime, 'ad account', mapped, (record) => record.externalId);
  return asRecords<AdAccount>(mapped);
}

async function* campaigns(
  runtime: MetaRuntime,
  account: AdAccount,
  state: JsonObject | undefined,
  ctx: CallContext,
): AsyncGenerator<SyncBatch<Campaign, JsonObject>> {
  const resumed = parseState(campaignsStateSchema, state);
  if (resumed?.complete === true) return;
  const client = runtime.client();
  let after = resumed?.after ?? null;
  for (;;) {
    const before = client.stats.requests;
    const page = await runtime.guard('reading campaigns', () =>
      client.page(
        `${toActId(account.externalId)}/campaigns`,
        campaignsParams(runtime.config.pageSize),
        after,
        ctx.signal,
      ),
    );
    const mapped = page.data.map((raw) => mapCampaign(raw, account));
    reportProblems(runtime, 'campaign', mapped, (record) => record.externalId);
    after = page.hasNext ? page.after : null;
    yield {
      rows: asRecords<Campaign>(mapped),
      state: { after, complete: !page.hasNext },
      apiCalls: client.stats.requests - before,
    };
    if (!page.hasNext) return;
  }
}

/** Accounts, campaigns and daily insights of the Marketing API, in resumable pages. */
export function createAdsMetaSource(runtime: MetaRuntime): AdsSource {
  return {
    listAccounts: (ctx) => listAccounts(runtime, ctx),
    campaigns: (account, state, ctx) => campaigns(runtime, account, state, ctx),
    dailyMetrics: (account, range, state, ctx) => streamDailyMetrics(runtime, account, range, state, ctx),
  };
}
