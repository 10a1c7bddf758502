/** Rolling-origin back-test of a forecaster, scored as weighted MAPE. */
export type Forecaster = (
  values: readonly number[],
  weekdays: readonly number[],
  horizon: number,
) => readonly number[];

export interface BacktestResult {
  /** Σ|error| ÷ Σ|actual| one day ahead; `null` without enough history. */
  readonly dayAheadWmape: number | null;
  /** The same over each daily value 1–7 days ahead (daily noise alone sets its floor). */
  readonly weekAheadWmape: number | null;
  /** |Σ actual − Σ forecast| ÷ Σ actual of the next week's total: the week-ahead figure a plan uses. */
  readonly weekTotalWmape: number | null;
  readonly origins: number;
}

/** Days of history the first origin must have. */
export const MIN_TRAINING_DAYS = 28;
const WEEK = 7;

/** Σ|actual − forecast| ÷ Σ|actual|; `null` when the actuals sum to zero. */
export function wmape(actual: readonly number[], forecast: readonly number[]): number | null {
  let errors = 0;
  let total = 0;
  actual.forEach((value, index) => {
    errors += Math.abs(value - (forecast[index] ?? 0));
    total += Math.abs(value);
  });
  return total > 0 ? errors / total : null;
}

/**
 * Forecasts a week from each of up to `origins` origins a week apart, ending a week before the
 * last day, and scores the forecasts against what happened.
 */
export function rollingOriginBacktest(
  values: readonly number[],
  weekdays: readonly number[],
  forecaster: Forecaster,
  origins = 4,
): BacktestResult {
  const dayAhead: { actual: number[]; forecast: number[] } = { actual: [], forecast: [] };
  const weekAhead: { actual: number[]; forecast: number[] } = { actual: [], forecast: [] };
  const weekTotal: { actual: number[]; forecast: number[] } = { actual: [], forecast: [] };
  let used = 0;
  for (let index = 0; index < origins; index += 1) {
    const origin = values.length - WEEK * (index + 1);
    if (origin < MIN_TRAINING_DAYS) break;
    const predicted = forecaster(values.slice(0, origin), weekdays.slice(0, origin), WEEK);
    const actual = values.slice(origin, origin + WEEK);
    dayAhead.actual.push(actual[0] ?? 0);
    dayAhead.forecast.push(predicted[0] ?? 0);
    weekAhead.actual.push(...actual);
    weekAhead.forecast.push(...predicted.slice(0, actual.length));
    weekTotal.actual.push(actual.reduce((sum, value) => sum + value, 0));
    weekTotal.forecast.push(predicted.slice(0, actual.length).reduce((sum, value) => sum + value, 0));
    used += 1;
  }
  return {
    dayAheadWmape: used > 0 ? wmape(dayAhead.actual, dayAhead.forecast) : null,
    weekAheadWmape: used > 0 ? wmape(weekAhead.actual, weekAhead.forecast) : null,
    weekTotalWmape: used > 0 ? wmape(weekTotal.actual, weekTotal.forecast) : null,
    origins: used,
  };
}
