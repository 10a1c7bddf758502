import type { CurveMetric, PluginContext } from '../../core/plugin-api/index.js';
import type { MlRoasConfig } from './config.js';
import { fitHistories } from './curves.js';
import { loadHistories } from './history.js';
import type { ModelStore, ModelVersion } from './model-store.js';
import { bumpGeneration, trainingWindow } from './predictor.js';

const METRICS: readonly CurveMetric[] = ['revenue', 'conversions'];

function medianOf(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? null;
}

/**
 * Fits every campaign of the tenant over the training window, stores one model version per
 * metric with its fit metrics, and invalidates cached predictions.
 */
export async function trainModels(
  ctx: Pick<PluginContext<MlRoasConfig>, 'data' | 'state' | 'tenant' | 'clock' | 'config' | 'logger'>,
  store: ModelStore,
  signal: AbortSignal,
): Promise<readonly ModelVersion[]> {
  const history = trainingWindow(ctx.clock.now(), ctx.tenant.timezone, ctx.config.trainingDays);
  const histories = await loadHistories(ctx, {}, history);
  const trained: ModelVersion[] = [];
  for (const metric of METRICS) {
    signal.throwIfAborted();
    const started = Date.now();
    const fits = fitHistories(histories, metric);
    const fitted = fits.flatMap((fit) =>
      fit.outcome.status === 'fitted' ? [fit.outcome.model.rSquared] : [],
    );
    const trainedAt = ctx.clock.now().toISOString();
    const model: ModelVersion = {
      version: `${metric}-${trainedAt}`,
      metric,
      trainedAt,
      history,
      fits,
      metrics: {
        campaigns: fits.length,
        fitted: fitted.length,
        refused: fits.length - fitted.length,
        medianRSquared: medianOf(fitted),
        durationMs: Date.now() - started,
      },
    };
    await store.save(model);
    trained.push(model);
    ctx.logger.info('ml model trained', { metric, ...model.metrics });
  }
  await bumpGeneration(ctx.state);
  return trained;
}
