import { z } from 'zod';
import { PluginError, calendarDaySchema } from '../../core/plugin-api/index.js';
import type {
  AdAccount,
  AdsSource,
  CallContext,
  DailyMetric,
  DayRange,
  JsonObject,
  SyncBatch,
} from '../../core/plugin-api/index.js';
import type { DemoRuntime } from './demo-runtime.js';
import { fromEpochDay, toEpochDay } from './simulator/calendar.js';

/** Rows per batch; real platforms page at similar sizes. */
export const ADS_DEMO_BATCH_SIZE = 1_000;

const campaignsStateSchema = z.object({ offset: z.number().int().nonnegative() }).strict();

/**
 * Checkpoint of a metrics stream: the next day to read (and, when a batch ended mid-day, how many
 * of that day's rows were already yielded), plus the sync's sequence and "today", so a resumed
 * sync sees exactly the late-data values the interrupted one saw.
 */
const metricsStateSchema = z
  .object({
    nextDay: calendarDaySchema,
    rowOffset: z.number().int().nonnegative().optional(),
    syncSequence: z.number().int().positive(),
    today: calendarDaySchema,
  })
  .strict();

type MetricsState = z.infer<typeof metricsStateSchema>;

function parseState<TState>(schema: z.ZodType<TState>, state: JsonObject | undefined): TState | undefined {
  if (state === undefined) return undefined;
  const result = schema.safeParse(state);
  if (!result.success)
    throw new PluginError('system', 'Unreadable ads-demo sync state', { code: 'DEMO_STATE_INVALID' });
  return result.data;
}

function throwIfAborted(ctx: CallContext): void {
  if (ctx.signal.aborted)
    throw new PluginError('transient', 'Sync aborted by the host', {
      code: 'DEMO_SYNC_ABORTED',
      source: 'plugin',
    });
}

function metricsBatch(rows: DailyMetric[], state: MetricsState): SyncBatch<DailyMetric, JsonObject> {
  return { rows, state: { ...state }, apiCalls: 1 };
}

/** Accounts, campaigns and daily metrics of the simulation, in resumable batches of at most 1,000. */
export function createAdsDemoSource(runtime: DemoRuntime): AdsSource {
  return {
    async listAccounts() {
      return (await runtime.simulator()).accounts();
    },

    async *campaigns(account: AdAccount, state: JsonObject | undefined, ctx: CallContext) {
      const simulator = await runtime.simulator();
      const all = simulator.campaigns(account.externalId, runtime.today(), await runtime.store.loadActions());
      for (
        let offset = parseState(campaignsStateSchema, state)?.offset ?? 0;
        offset < all.length;
        offset += ADS_DEMO_BATCH_SIZE
      ) {
        throwIfAborted(ctx);
        const rows = all.slice(offset, offset + ADS_DEMO_BATCH_SIZE);
        yield { rows, state: { offset: offset + rows.length }, apiCalls: 1 };
      }
    },

    async *dailyMetrics(
      account: AdAccount,
      range: DayRange,
      state: JsonObject | undefined,
      ctx: CallContext,
    ) {
      const simulator = await runtime.simulator();
      const resumed = parseState(metricsStateSchema, state);
      const syncSequence = resumed?.syncSequence ?? (await runtime.store.nextSyncSequence());
      const today = resumed?.today ?? runtime.today();
      const read = { today, syncSequence, actions: await runtime.store.loadActions() };
      let skip = resumed?.rowOffset ?? 0;
      let batch: DailyMetric[] = [];
      let lastDate: string | undefined;
      for (const day of simulator.days(account.externalId, resumed?.nextDay ?? range.from, range.to, read)) {
        throwIfAborted(ctx);
        const nextDay = fromEpochDay(toEpochDay(day.date) + 1);
        for (let index = skip; index < day.rows.length; index += 1) {
          batch.push(day.rows[index] as DailyMetric);
          if (batch.length < ADS_DEMO_BATCH_SIZE) continue;
          const endsDay = index === day.rows.length - 1;
          yield metricsBatch(
            batch,
            endsDay
              ? { nextDay, syncSequence, today }
              : { nextDay: day.date, rowOffset: index + 1, syncSequence, today },
          );
          batch = [];
        }
        skip = 0;
        lastDate = day.date;
      }
      if (batch.length > 0 && lastDate !== undefined)
        yield metricsBatch(batch, { nextDay: fromEpochDay(toEpochDay(lastDate) + 1), syncSequence, today });
    },
  };
}
