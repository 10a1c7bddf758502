import type { CurveModel } from './curve-model.js';

/**
 * How far above the highest daily spend in its history a campaign's budget may be proposed. A
 * curve is measured only where the campaign has spent; beyond that its shape is extrapolated
 * from the fitted Hill parameters, whose errors (shape, half-saturation) grow fast with noise. On
 * the benchmark at 20% noise, unlimited extrapolation lost 1–3% of the oracle's revenue by
 * betting on curves that were wrong far out; 1.5× the observed maximum kept ≥ 98% on every seed.
 */
export const EXTRAPOLATION_LIMIT = 1.5;

/**
 * The upper bound the optimiser may use for a fitted campaign: the requested `upper`, but no
 * more than {@link EXTRAPOLATION_LIMIT} × the largest spend seen (never below the current spend
 * or `lower`, so the status quo and the minimums stay feasible).
 */
export function trustedUpper(model: CurveModel, current: number, lower: number, upper: number): number {
  const trusted = Math.max(current, Math.floor(EXTRAPOLATION_LIMIT * model.maxSpend));
  return Math.max(lower, Math.min(upper, trusted));
}
