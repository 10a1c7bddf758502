import { INTERVAL_Z } from './curve-model.js';
import { weekdayProfile } from './forecast.js';
import type { SeriesPrediction } from './forecast.js';

/**
 * Smoothing of the outcome-per-spend ratio: it moves slowly (saturation, carry-over), so it can
 * be averaged over about ten days, while the spend level follows a budget change at once.
 */
const RATIO_ALPHA = 0.1;
/** Days of spend the next days' spend is assumed to repeat (budgets are set, not drawn). */
const SPEND_LEVEL_DAYS = 3;

/** Mean daily spend of the last {@link SPEND_LEVEL_DAYS} days: the budget in force. */
export function spendLevel(spend: readonly number[]): number {
  const recent = spend.slice(-SPEND_LEVEL_DAYS);
  return recent.length === 0 ? 0 : recent.reduce((sum, value) => sum + value, 0) / recent.length;
}

/**
 * Forecasts an outcome driven by spend (revenue, conversions): weekday profile × smoothed
 * outcome-per-spend ratio × the spend level in force. A budget change shows in the forecast the
 * next day, where a level smoother of the outcome alone would lag it for a week or more.
 * Returns `undefined` without spend to divide by (then forecast the outcome on its own).
 */
export function forecastFromSpend(
  values: readonly number[],
  spend: readonly number[],
  weekdays: readonly number[],
  horizon: number,
): SeriesPrediction | undefined {
  // The weekday profile of outcome per spend: a budget change is not a weekday effect.
  const perSpend = values.map((value, day) => ((spend[day] ?? 0) > 0 ? value / (spend[day] ?? 1) : 0));
  const profile = weekdayProfile(perSpend, weekdays);
  let ratio: number | undefined;
  let squaredErrors = 0;
  let errors = 0;
  for (let day = 0; day < values.length; day += 1) {
    const spent = spend[day] ?? 0;
    if (spent <= 0) continue;
    const adjusted = (values[day] ?? 0) / (profile[weekdays[day] ?? 0] ?? 1);
    if (ratio !== undefined) {
      squaredErrors += (adjusted - ratio * spent) ** 2;
      errors += 1;
      ratio += RATIO_ALPHA * (adjusted / spent - ratio);
    } else ratio = adjusted / spent;
  }
  const level = spendLevel(spend);
  if (ratio === undefined || level <= 0) return undefined;
  const sigma = Math.sqrt(squaredErrors / Math.max(1, errors));
  const lastWeekday = weekdays[weekdays.length - 1] ?? 0;
  const value: number[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  for (let step = 1; step <= horizon; step += 1) {
    const factor = profile[(lastWeekday + step) % 7] ?? 1;
    const point = Math.max(0, ratio * level * factor);
    const spread = INTERVAL_Z * sigma * factor;
    value.push(point);
    lower.push(Math.max(0, point - spread));
    upper.push(point + spread);
  }
  return { value, lower, upper };
}
