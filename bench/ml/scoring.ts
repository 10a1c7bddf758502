/** Scoring helpers of the ML benchmark: everything is scored on the true curves. */
import { steadyResponse } from '../../plugins/ml-roas/model/curve-model.js';
import type { CurveModel } from '../../plugins/ml-roas/model/curve-model.js';
import { forecastSeries, seasonalNaive } from '../../plugins/ml-roas/model/forecast.js';
import { forecastFromSpend } from '../../plugins/ml-roas/model/spend-forecast.js';
import type { Forecaster } from '../../plugins/ml-roas/model/backtest.js';

/** True expected daily revenue of an allocation. */
export function trueRevenue(truths: readonly CurveModel[], budgets: readonly number[]): number {
  return truths.reduce((sum, truth, index) => sum + steadyResponse(truth, budgets[index] ?? 0), 0);
}

/** The plugin's revenue forecaster for one campaign: it reads the campaign's spend up to the origin. */
export const ourForecaster =
  (spend: readonly number[]): Forecaster =>
  (values, weekdays, horizon) =>
    (
      forecastFromSpend(values, spend.slice(0, values.length), weekdays, horizon) ??
      forecastSeries(values, weekdays, horizon)
    ).value;
export const naiveForecaster: Forecaster = (values, _weekdays, horizon) => seasonalNaive(values, horizon);

/**
 * Errors pooled over campaigns, from `origins` weekly origins: Σ|error| ÷ Σ|actual| of the daily
 * value one day ahead, of each daily value 1–7 days ahead, and of the next week's total.
 */
export class PooledWmape {
  private dayErrors = 0;
  private dayActual = 0;
  private weekErrors = 0;
  private weekActual = 0;
  private totalErrors = 0;
  private totalActual = 0;

  add(values: readonly number[], weekdays: readonly number[], forecaster: Forecaster, origins: number): void {
    for (let index = 0; index < origins; index += 1) {
      const origin = values.length - 7 * (index + 1);
      if (origin < 28) break;
      const predicted = forecaster(values.slice(0, origin), weekdays.slice(0, origin), 7);
      let actualTotal = 0;
      let predictedTotal = 0;
      for (let step = 0; step < 7; step += 1) {
        const actual = values[origin + step] ?? 0;
        const error = Math.abs(actual - (predicted[step] ?? 0));
        this.weekErrors += error;
        this.weekActual += Math.abs(actual);
        actualTotal += actual;
        predictedTotal += predicted[step] ?? 0;
        if (step === 0) {
          this.dayErrors += error;
          this.dayActual += Math.abs(actual);
        }
      }
      this.totalErrors += Math.abs(actualTotal - predictedTotal);
      this.totalActual += Math.abs(actualTotal);
    }
  }

  get dayAhead(): number {
    return this.dayErrors / Math.max(1e-9, this.dayActual);
  }

  get weekAhead(): number {
    return this.weekErrors / Math.max(1e-9, this.weekActual);
  }

  get weekTotal(): number {
    return this.totalErrors / Math.max(1e-9, this.totalActual);
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted.length === 0 ? NaN : (sorted[Math.floor(sorted.length / 2)] ?? NaN);
}

export const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
