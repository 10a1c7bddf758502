import { steadyStateAdstock } from './adstock.js';
import { hillGradient, hillSaturation } from './hill.js';
import { quadraticForm } from './linear-algebra.js';

/** Two-sided 90% normal quantile: every interval the plugin reports is at this level. */
export const INTERVAL_LEVEL = 0.9;
export const INTERVAL_Z = 1.6449;

/**
 * A fitted response curve in natural units, JSON-friendly so it can be stored as a model version.
 * `covariance` is the asymptotic covariance of [decay, halfSaturation, shape, maxDaily].
 */
export interface CurveModel {
  readonly decay: number;
  readonly halfSaturation: number;
  readonly shape: number;
  /** Daily outcome at saturation on an average weekday. */
  readonly maxDaily: number;
  /** Sunday…Saturday, mean 1. */
  readonly weekdayFactors: readonly number[];
  readonly covariance: readonly (readonly number[])[];
  readonly rSquared: number;
  readonly residualSd: number;
  readonly days: number;
  readonly minSpend: number;
  readonly maxSpend: number;
  /** Mean daily spend of the last 14 days. */
  readonly currentSpend: number;
}

/** Expected outcome on an average weekday when `dailySpend` is spent every day. */
export function steadyResponse(model: CurveModel, dailySpend: number): number {
  return (
    model.maxDaily *
    hillSaturation(steadyStateAdstock(dailySpend, model.decay), model.halfSaturation, model.shape)
  );
}

/** Gradient of {@link steadyResponse} by [decay, halfSaturation, shape, maxDaily]. */
export function steadyResponseGradient(model: CurveModel, dailySpend: number): number[] {
  const oneMinus = 1 - model.decay;
  const adstock = dailySpend / oneMinus;
  const gradient = hillGradient(adstock, model.halfSaturation, model.shape);
  return [
    (model.maxDaily * gradient.byAdstock * dailySpend) / (oneMinus * oneMinus),
    model.maxDaily * gradient.byHalfSaturation,
    model.maxDaily * gradient.byShape,
    hillSaturation(adstock, model.halfSaturation, model.shape),
  ];
}

/** Variance of {@link steadyResponse} by the delta method. */
export function steadyResponseVariance(model: CurveModel, dailySpend: number): number {
  return Math.max(0, quadraticForm(model.covariance, steadyResponseGradient(model, dailySpend)));
}

/** Extra outcome per extra unit of daily spend, at steady state. */
export function marginalResponse(model: CurveModel, dailySpend: number): number {
  if (dailySpend <= 0) {
    // At zero a Hill curve with shape < 1 has infinite slope; probe a small step instead.
    const step = Math.max(1, model.halfSaturation * (1 - model.decay) * 1e-3);
    return steadyResponse(model, step) / step;
  }
  const oneMinus = 1 - model.decay;
  const gradient = hillGradient(dailySpend / oneMinus, model.halfSaturation, model.shape);
  return (model.maxDaily * gradient.byAdstock) / oneMinus;
}

/** Point and interval of the steady-state response at one spend level. */
export function steadyEstimate(
  model: CurveModel,
  dailySpend: number,
): { value: number; lower: number; upper: number } {
  const value = steadyResponse(model, dailySpend);
  const half = INTERVAL_Z * Math.sqrt(steadyResponseVariance(model, dailySpend));
  return { value, lower: Math.max(0, value - half), upper: value + half };
}
