import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { adstockDecayDerivative, geometricAdstock } from './adstock.js';
import type { CurveModel } from './curve-model.js';
import { hillGradient, hillSaturation } from './hill.js';
import { invert } from './linear-algebra.js';

/** A campaign's contiguous daily history (missing days filled with zeros by the caller). */
export interface DailySeries {
  readonly spend: readonly number[];
  readonly outcome: readonly number[];
  /** 0 = Sunday … 6 = Saturday, per day. */
  readonly weekdays: readonly number[];
}

/** Why a campaign has no curve. */
export interface FitRefusal {
  readonly status: 'insufficient_data' | 'insufficient_variation';
  readonly message: string;
  readonly days: number;
  readonly spendVariation: number;
}

export type FitOutcome = { readonly status: 'fitted'; readonly model: CurveModel } | FitRefusal;

/** Below this many days with spend, a four-parameter curve plus weekdays is not worth fitting. */
export const MIN_SPEND_DAYS = 28;
/** Below this coefficient of variation of daily spend, the data hold one point of the curve, not a curve. */
export const MIN_SPEND_VARIATION = 0.1;

const PARAMETER_COUNT = 10;
const SCOUT_ITERATIONS = 15;
const REFINE_ITERATIONS = 45;
const MIN_VALUES = [0, 0.05, 0.5, 0.001, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05];
const MAX_VALUES = [0.9, 50, 3, 1000, 5, 5, 5, 5, 5, 5];
const STARTS = [
  [0.3, 1.5, 1],
  [0.6, 4, 1.3],
  [0.1, 0.8, 0.8],
] as const;

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Coefficient of variation of the positive daily spends. */
export function spendVariation(spend: readonly number[]): number {
  const positive = spend.filter((value) => value > 0);
  const average = mean(positive);
  if (positive.length < 2 || average <= 0) return 0;
  const variance = positive.reduce((sum, value) => sum + (value - average) ** 2, 0) / (positive.length - 1);
  return Math.sqrt(variance) / average;
}

interface ScaledProblem {
  readonly spend: Float64Array;
  readonly outcome: Float64Array;
  readonly weekdays: readonly number[];
}

/** Model on normalised units: p = [decay, halfSaturation, shape, maxDaily, w1…w6], w0 = 1. */
function predictions(problem: ScaledProblem, params: readonly number[]): Float64Array {
  const [decay = 0, half = 1, shape = 1, level = 1] = params;
  const adstock = geometricAdstock(problem.spend, decay);
  return adstock.map((value, day) => {
    const weekday = problem.weekdays[day] ?? 0;
    const factor = weekday === 0 ? 1 : (params[3 + weekday] ?? 1);
    return level * factor * hillSaturation(value, half, shape);
  });
}

function jacobian(problem: ScaledProblem, params: readonly number[]): number[][] {
  const [decay = 0, half = 1, shape = 1, level = 1] = params;
  const adstock = geometricAdstock(problem.spend, decay);
  const byDecay = adstockDecayDerivative(problem.spend, decay);
  return Array.from(adstock, (value, day) => {
    const weekday = problem.weekdays[day] ?? 0;
    const factor = weekday === 0 ? 1 : (params[3 + weekday] ?? 1);
    const saturation = hillSaturation(value, half, shape);
    const gradient = hillGradient(value, half, shape);
    const scale = level * factor;
    const row = [
      scale * gradient.byAdstock * (byDecay[day] ?? 0),
      scale * gradient.byHalfSaturation,
      scale * gradient.byShape,
      factor * saturation,
      0,
      0,
      0,
      0,
      0,
      0,
    ];
    if (weekday !== 0) row[3 + weekday] = level * saturation;
    return row;
  });
}

function sumOfSquares(problem: ScaledProblem, params: readonly number[]): number {
  const predicted = predictions(problem, params);
  let total = 0;
  for (let day = 0; day < predicted.length; day += 1)
    total += ((problem.outcome[day] ?? 0) - (predicted[day] ?? 0)) ** 2;
  return total;
}

function runLevenbergMarquardt(
  problem: ScaledProblem,
  initial: readonly number[],
  iterations: number,
): number[] {
  const xs = Array.from(problem.spend, (_, day) => day);
  return levenbergMarquardt(
    { x: xs, y: problem.outcome },
    (params) => {
      const predicted = predictions(problem, params);
      return (day) => predicted[day] ?? 0;
    },
    {
      initialValues: initial,
      minValues: MIN_VALUES,
      maxValues: MAX_VALUES,
      maxIterations: iterations,
      damping: 1e-2,
      errorTolerance: 1e-9,
      jacobianFunction: (params) => {
        const rows = jacobian(problem, params);
        return (day) => rows[day] ?? new Array<number>(PARAMETER_COUNT).fill(0);
      },
    },
  ).parameterValues;
}

/** A short run from each start, then a long run from the best: most of the multi-start's safety at a third of its cost. */
function bestFit(problem: ScaledProblem): number[] {
  let best: { params: number[]; error: number } | undefined;
  for (const [decay, half, shape] of STARTS) {
    const initial = [decay, half / (1 - decay), shape, 2, 1, 1, 1, 1, 1, 1];
    const params = runLevenbergMarquardt(problem, initial, SCOUT_ITERATIONS);
    const error = sumOfSquares(problem, params);
    if (best === undefined || error < best.error) best = { params, error };
  }
  return runLevenbergMarquardt(problem, (best as { params: number[] }).params, REFINE_ITERATIONS);
}

/** Asymptotic covariance σ²(JᵀJ)⁻¹ of the scaled parameters; `undefined` when not identifiable. */
function scaledCovariance(
  problem: ScaledProblem,
  params: readonly number[],
  sse: number,
): number[][] | undefined {
  const rows = jacobian(problem, params);
  const information = Array.from({ length: PARAMETER_COUNT }, () =>
    new Array<number>(PARAMETER_COUNT).fill(0),
  );
  for (const jacobianRow of rows)
    for (let row = 0; row < PARAMETER_COUNT; row += 1) {
      const left = jacobianRow[row] ?? 0;
      if (left === 0) continue;
      const target = information[row] as number[];
      for (let column = 0; column < PARAMETER_COUNT; column += 1)
        target[column] = (target[column] ?? 0) + left * (jacobianRow[column] ?? 0);
    }
  const inverse = invert(information);
  if (inverse === undefined) return undefined;
  const sigmaSquared = sse / Math.max(1, rows.length - PARAMETER_COUNT);
  return inverse.map((row) => row.map((value) => value * sigmaSquared));
}

/**
 * Fits adstock + Hill + weekday factors by non-linear least squares (Levenberg–Marquardt with an
 * exact Jacobian, three starts) and returns the curve with its asymptotic covariance, or refuses
 * when the data cannot identify a curve.
 */
export function fitResponseCurve(series: DailySeries): FitOutcome {
  const spendDays = series.spend.filter((value) => value > 0).length;
  const variation = spendVariation(series.spend);
  const totalOutcome = series.outcome.reduce((sum, value) => sum + value, 0);
  if (spendDays < MIN_SPEND_DAYS || totalOutcome <= 0)
    return {
      status: 'insufficient_data',
      message: `not enough data to fit: ${spendDays} days with spend (needs ${MIN_SPEND_DAYS}) and ${totalOutcome > 0 ? 'some' : 'no'} recorded outcome`,
      days: spendDays,
      spendVariation: variation,
    };
  if (variation < MIN_SPEND_VARIATION)
    return {
      status: 'insufficient_variation',
      message: `not enough variation to fit: daily spend varied by ${(variation * 100).toFixed(1)}% (needs ${MIN_SPEND_VARIATION * 100}%)`,
      days: spendDays,
      spendVariation: variation,
    };
  const spendScale = mean(series.spend.filter((value) => value > 0));
  const outcomeScale = mean(series.outcome as number[]) || 1;
  const problem: ScaledProblem = {
    spend: Float64Array.from(series.spend, (value) => value / spendScale),
    outcome: Float64Array.from(series.outcome, (value) => value / outcomeScale),
    weekdays: series.weekdays,
  };
  const params = bestFit(problem);
  const sse = sumOfSquares(problem, params);
  const scaled = scaledCovariance(problem, params, sse);
  if (scaled === undefined)
    return {
      status: 'insufficient_variation',
      message: 'not enough variation to fit: the curve parameters are not identifiable from this history',
      days: spendDays,
      spendVariation: variation,
    };
  return {
    status: 'fitted',
    model: toNaturalUnits(series, params, scaled, sse, { spendScale, outcomeScale }),
  };
}

function toNaturalUnits(
  series: DailySeries,
  params: readonly number[],
  scaled: readonly (readonly number[])[],
  sse: number,
  scales: { readonly spendScale: number; readonly outcomeScale: number },
): CurveModel {
  const rawFactors = [1, ...params.slice(4, 10)];
  const meanFactor = mean(rawFactors);
  const units = [1, scales.spendScale, 1, scales.outcomeScale * meanFactor];
  const covariance = units.map((rowUnit, row) =>
    units.map((columnUnit, column) => (scaled[row]?.[column] ?? 0) * rowUnit * columnUnit),
  );
  const outcomeMean = mean(series.outcome as number[]);
  const totalSquares = series.outcome.reduce((sum, value) => sum + (value - outcomeMean) ** 2, 0);
  const naturalSse = sse * scales.outcomeScale * scales.outcomeScale;
  const positive = series.spend.filter((value) => value > 0);
  return {
    decay: params[0] ?? 0,
    halfSaturation: (params[1] ?? 1) * scales.spendScale,
    shape: params[2] ?? 1,
    maxDaily: (params[3] ?? 1) * scales.outcomeScale * meanFactor,
    weekdayFactors: rawFactors.map((factor) => factor / meanFactor),
    covariance,
    rSquared: totalSquares > 0 ? 1 - naturalSse / totalSquares : 0,
    residualSd: Math.sqrt(naturalSse / Math.max(1, series.outcome.length - PARAMETER_COUNT)),
    days: series.spend.filter((value) => value > 0).length,
    minSpend: Math.min(...positive),
    maxSpend: Math.max(...positive),
    currentSpend: mean(series.spend.slice(-14)),
  };
}
