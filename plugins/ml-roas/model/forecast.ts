import { INTERVAL_Z } from './curve-model.js';
import { fitLine } from './linear-algebra.js';

/** A forecast of the days after a series: point, lower and upper bound per day. */
export interface SeriesPrediction {
  readonly value: readonly number[];
  readonly lower: readonly number[];
  readonly upper: readonly number[];
}

/** Weeks of history the weekday profile is read from. */
const SEASON_WEEKS = 8;
const TREND_DAYS = 28;
/** Smoothing of the level: recent budget changes show within days without chasing one noisy day. */
const LEVEL_ALPHA = 0.3;
/** Trend damping per day ahead, so a month-long trend is not extrapolated for a month. */
const TREND_DAMPING = 0.85;

/** Weekday multipliers (mean 1) of the last weeks; 1 where a weekday has no signal. */
export function weekdayProfile(values: readonly number[], weekdays: readonly number[]): number[] {
  const start = Math.max(0, values.length - SEASON_WEEKS * 7);
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  for (let day = start; day < values.length; day += 1) {
    const weekday = weekdays[day] ?? 0;
    sums[weekday] = (sums[weekday] ?? 0) + (values[day] ?? 0);
    counts[weekday] = (counts[weekday] ?? 0) + 1;
  }
  const means = sums.map((sum, weekday) => ((counts[weekday] ?? 0) > 0 ? sum / (counts[weekday] ?? 1) : 0));
  const overall = means.reduce((sum, value) => sum + value, 0) / 7;
  return means.map((value) => (overall > 0 && value > 0 ? value / overall : 1));
}

/** Tuning of {@link forecastSeries} (the defaults are the benchmark's choice). */
export interface ForecastOptions {
  readonly levelAlpha?: number;
  /** 0 switches the trend off. */
  readonly trendDamping?: number;
}

function dampedSteps(steps: number, damping: number): number {
  let total = 0;
  for (let step = 1, power = damping; step <= steps; step += 1, power *= damping) total += power;
  return total;
}

/**
 * Forecasts `horizon` days after `values`: weekday profile × (exponentially smoothed level +
 * damped linear trend). Intervals from the one-step-ahead errors of the smoothing, widened with
 * the horizon as simple exponential smoothing's variance grows.
 */
export function forecastSeries(
  values: readonly number[],
  weekdays: readonly number[],
  horizon: number,
  options: ForecastOptions = {},
): SeriesPrediction {
  const alpha = options.levelAlpha ?? LEVEL_ALPHA;
  const damping = options.trendDamping ?? TREND_DAMPING;
  const profile = weekdayProfile(values, weekdays);
  const adjusted = values.map((value, day) => value / (profile[weekdays[day] ?? 0] ?? 1));
  let level = adjusted[0] ?? 0;
  let squaredErrors = 0;
  for (let day = 1; day < adjusted.length; day += 1) {
    const error = (adjusted[day] ?? 0) - level;
    squaredErrors += error * error;
    level += alpha * error;
  }
  const sigma = Math.sqrt(squaredErrors / Math.max(1, adjusted.length - 1));
  const recent = adjusted.slice(-TREND_DAYS);
  const slope = fitLine(
    recent.map((_, index) => index),
    recent,
  ).slope;
  const lastWeekday = weekdays[weekdays.length - 1] ?? 0;
  const value: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let step = 1; step <= horizon; step += 1) {
    const factor = profile[(lastWeekday + step) % 7] ?? 1;
    const point = Math.max(0, (level + slope * dampedSteps(step, damping)) * factor);
    const spread = INTERVAL_Z * sigma * factor * Math.sqrt(1 + (step - 1) * alpha * alpha);
    value.push(point);
    lower.push(Math.max(0, point - spread));
    upper.push(point + spread);
  }
  return { value, lower, upper };
}

/** The seasonal-naive baseline: the same weekday of the last observed week. */
export function seasonalNaive(values: readonly number[], horizon: number): number[] {
  return Array.from({ length: horizon }, (_, index) => {
    const step = index + 1;
    return values[values.length - 7 + ((step - 1) % 7)] ?? 0;
  });
}
