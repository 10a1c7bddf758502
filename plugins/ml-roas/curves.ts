import type { CurveMetric, FittedResponseCurve, ResponseCurve } from '../../core/plugin-api/index.js';
import type { CurveModel } from './model/curve-model.js';
import { INTERVAL_LEVEL, INTERVAL_Z, steadyEstimate } from './model/curve-model.js';
import { fitResponseCurve } from './model/fit-curve.js';
import type { FitOutcome } from './model/fit-curve.js';
import type { CampaignHistory } from './history.js';

/** A campaign's fit of one metric, as stored in a model version. */
export interface StoredFit {
  readonly campaignExternalId: string;
  readonly platform: string;
  readonly metric: CurveMetric;
  /** Mean daily spend of the last 14 days (also for campaigns without a curve). */
  readonly currentSpendCents: number;
  readonly outcome: FitOutcome;
}

const CURRENT_DAYS = 14;

/** Fits one metric of each campaign. */
export function fitHistories(histories: readonly CampaignHistory[], metric: CurveMetric): StoredFit[] {
  return histories.map((history) => ({
    campaignExternalId: history.campaignExternalId,
    platform: history.platform,
    metric,
    currentSpendCents: Math.round(
      history.spend.slice(-CURRENT_DAYS).reduce((sum, value) => sum + value, 0) /
        Math.max(1, Math.min(CURRENT_DAYS, history.spend.length)),
    ),
    outcome: fitResponseCurve({
      spend: history.spend,
      outcome: metric === 'revenue' ? history.revenue : history.conversions,
      weekdays: history.weekdays,
    }),
  }));
}

function estimate(value: number, variance: number | undefined, floor = 0) {
  const half = INTERVAL_Z * Math.sqrt(Math.max(0, variance ?? 0));
  return { value, lower: Math.max(floor, value - half), upper: value + half };
}

const CURVE_POINTS = 12;

function toFitted(fit: StoredFit, model: CurveModel, currency: string): FittedResponseCurve {
  const variance = (index: number) => model.covariance[index]?.[index];
  const top = Math.max(model.maxSpend * 1.5, model.currentSpend * 1.5, 1);
  return {
    status: 'fitted',
    campaignExternalId: fit.campaignExternalId,
    platform: fit.platform,
    metric: fit.metric,
    currency,
    adstockDecay: {
      ...estimate(model.decay, variance(0)),
      upper: Math.min(1, model.decay + INTERVAL_Z * Math.sqrt(variance(0) ?? 0)),
    },
    halfSaturationCents: estimate(model.halfSaturation, variance(1)),
    hillShape: estimate(model.shape, variance(2)),
    maxDaily: estimate(model.maxDaily, variance(3)),
    weekdayFactors: model.weekdayFactors,
    intervalLevel: INTERVAL_LEVEL,
    rSquared: model.rSquared,
    days: model.days,
    currentDailySpendCents: Math.round(model.currentSpend),
    points: Array.from({ length: CURVE_POINTS }, (_, index) => {
      const spendCents = Math.round((top * (index + 1)) / CURVE_POINTS);
      return { spendCents, ...steadyEstimate(model, spendCents) };
    }),
  };
}

/** The API's view of a stored fit. */
export function toResponseCurve(fit: StoredFit, currency: string): ResponseCurve {
  if (fit.outcome.status === 'fitted') return toFitted(fit, fit.outcome.model, currency);
  return {
    status: fit.outcome.status,
    campaignExternalId: fit.campaignExternalId,
    platform: fit.platform,
    metric: fit.metric,
    message: fit.outcome.message,
    days: fit.outcome.days,
    spendVariation: fit.outcome.spendVariation,
  };
}
