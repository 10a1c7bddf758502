import { createHash } from 'node:crypto';
import type {
  BudgetAllocation,
  CurveMetric,
  DayRange,
  Forecast,
  JsonValue,
  PluginContext,
  PredictionScope,
  Predictor,
  ResponseCurveSet,
} from '../../core/plugin-api/index.js';
import type { MlRoasConfig } from './config.js';
import { fitHistories, toResponseCurve } from './curves.js';
import type { StoredFit } from './curves.js';
import { forecastHistory, totalHistory } from './forecasting.js';
import { addDays, daysOf, loadHistories, weekdayOf } from './history.js';
import type { ModelStore } from './model-store.js';
import { INTERVAL_LEVEL } from './model/curve-model.js';
import { metricOf, proposeAllocation } from './optimize.js';

/** Predictions are cached this long (the seed's TTL); a sync or a training bumps the generation first. */
export const PREDICTION_TTL_MS = 30 * 60_000;
const GENERATION_KEY = 'cache-generation';

type Ctx = Pick<PluginContext<MlRoasConfig>, 'data' | 'cache' | 'state' | 'tenant' | 'clock'>;

function inScope(fit: StoredFit, scope: PredictionScope): boolean {
  if (scope.platforms !== undefined && !scope.platforms.includes(fit.platform)) return false;
  return (
    scope.campaignExternalIds === undefined || scope.campaignExternalIds.includes(fit.campaignExternalId)
  );
}

const digest = (value: unknown) =>
  createHash('sha256').update(JSON.stringify(value)).digest('base64url').slice(0, 22);

/** Bumps the cache generation, so every cached prediction of the installation is stale at once. */
export async function bumpGeneration(state: Ctx['state']): Promise<void> {
  const current = await state.get(GENERATION_KEY);
  await state.set(GENERATION_KEY, (typeof current === 'number' ? current : 0) + 1);
}

/** The predictor capability over the installation's data, model store and cache. */
export function createMlPredictor(ctx: Ctx, store: ModelStore): Predictor {
  const cached = async <T>(kind: string, request: unknown, load: () => Promise<T>): Promise<T> => {
    const generation = await ctx.state.get(GENERATION_KEY);
    const key = `${kind}:${typeof generation === 'number' ? generation : 0}:${digest(request)}`;
    return (await ctx.cache.wrap(
      key,
      PREDICTION_TTL_MS,
      async () => (await load()) as unknown as JsonValue,
    )) as unknown as T;
  };

  /** The stored model when it covers the same days; otherwise an ad-hoc fit of the request. */
  const fitsFor = async (scope: PredictionScope, history: DayRange, metric: CurveMetric) => {
    const stored = await store.latest(metric);
    if (stored !== undefined && stored.history.from === history.from && stored.history.to === history.to)
      return { fits: stored.fits.filter((fit) => inScope(fit, scope)), modelVersion: stored.version };
    const fits = fitHistories(await loadHistories(ctx, scope, history), metric);
    return { fits, modelVersion: `adhoc-${history.from}-${history.to}` };
  };

  return {
    async responseCurves(request) {
      return cached('curves', request, async (): Promise<ResponseCurveSet> => {
        const metrics = request.metrics ?? ['revenue', 'conversions'];
        const curves = [];
        let modelVersion = '';
        for (const metric of metrics) {
          const result = await fitsFor(request.scope, request.history, metric);
          modelVersion = modelVersion === '' ? result.modelVersion : `${modelVersion}+${result.modelVersion}`;
          curves.push(...result.fits.map((fit) => toResponseCurve(fit, ctx.tenant.currency)));
        }
        return { curves, modelVersion };
      });
    },
    async forecast(request) {
      return cached('forecast', request, async (): Promise<Forecast> => {
        const histories = await loadHistories(ctx, request.scope, request.history);
        const dates = daysOf(request.history);
        const total = totalHistory(histories, dates, dates.map(weekdayOf));
        return {
          currency: ctx.tenant.currency,
          intervalLevel: INTERVAL_LEVEL,
          total: forecastHistory(total, request, null),
          campaigns: histories.map((history) =>
            forecastHistory(history, request, history.campaignExternalId),
          ),
          modelVersion: `forecast-v1-${request.history.to}`,
        };
      });
    },
    async optimizeBudget(request) {
      return cached('optimize', request, async (): Promise<BudgetAllocation> => {
        const { fits, modelVersion } = await fitsFor(
          request.scope,
          request.history,
          metricOf(request.objective),
        );
        return proposeAllocation(request, fits, { currency: ctx.tenant.currency, modelVersion });
      });
    },
  };
}

/** The calendar day of `instant` in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** The default training window: `days` days ending yesterday in the tenant's zone. */
export function trainingWindow(now: Date, timeZone: string, days: number): DayRange {
  const yesterday = addDays(localDay(now, timeZone), -1);
  return { from: addDays(yesterday, -(days - 1)), to: yesterday };
}
