import { z } from 'zod';
import type { CurveMetric, DayRange, JsonValue, PluginStateStore } from '../../core/plugin-api/index.js';
import type { StoredFit } from './curves.js';

/** A trained model: the fits of one metric over one history, and how good they were. */
export interface ModelVersion {
  readonly version: string;
  readonly metric: CurveMetric;
  readonly trainedAt: string;
  readonly history: DayRange;
  readonly fits: readonly StoredFit[];
  readonly metrics: ModelMetrics;
}

/** Fit metrics kept for every version (the list outlives the fits themselves). */
export interface ModelMetrics {
  readonly campaigns: number;
  readonly fitted: number;
  readonly refused: number;
  readonly medianRSquared: number | null;
  readonly durationMs: number;
}

const HISTORY_KEEP = 30;

/**
 * The shape a stored version must have to be used; one written by an older plugin version that
 * does not match is ignored (the next training replaces it) rather than trusted.
 */
const storedVersionSchema = z.looseObject({
  version: z.string(),
  metric: z.enum(['revenue', 'conversions']),
  trainedAt: z.string(),
  history: z.object({ from: z.string(), to: z.string() }),
  fits: z.array(
    z.looseObject({
      campaignExternalId: z.string(),
      platform: z.string(),
      metric: z.enum(['revenue', 'conversions']),
      currentSpendCents: z.number(),
      outcome: z.union([
        z.looseObject({
          status: z.literal('fitted'),
          model: z.looseObject({
            covariance: z.array(z.array(z.number()).length(4)).length(4),
            weekdayFactors: z.array(z.number()).length(7),
          }),
        }),
        z.looseObject({
          status: z.enum(['insufficient_data', 'insufficient_variation']),
          message: z.string(),
        }),
      ]),
    }),
  ),
});
const currentKey = (metric: CurveMetric) => `model/${metric}`;
const HISTORY_KEY = 'model-versions';

/** Model versions in the installation's state store: the latest fits per metric and a log of metrics. */
export interface ModelStore {
  latest(metric: CurveMetric): Promise<ModelVersion | undefined>;
  save(model: ModelVersion): Promise<void>;
  versions(): Promise<readonly Omit<ModelVersion, 'fits'>[]>;
}

export function createModelStore(state: PluginStateStore): ModelStore {
  return {
    async latest(metric) {
      const value = await state.get(currentKey(metric));
      if (value === undefined || !storedVersionSchema.safeParse(value).success) return undefined;
      return value as unknown as ModelVersion;
    },
    async save(model) {
      await state.set(currentKey(model.metric), model as unknown as JsonValue);
      const previous = ((await state.get(HISTORY_KEY)) ?? []) as unknown as Omit<ModelVersion, 'fits'>[];
      const summary: Omit<ModelVersion, 'fits'> = {
        version: model.version,
        metric: model.metric,
        trainedAt: model.trainedAt,
        history: model.history,
        metrics: model.metrics,
      };
      await state.set(HISTORY_KEY, [summary, ...previous].slice(0, HISTORY_KEEP) as unknown as JsonValue);
    },
    async versions() {
      return ((await state.get(HISTORY_KEY)) ?? []) as unknown as Omit<ModelVersion, 'fits'>[];
    },
  };
}
