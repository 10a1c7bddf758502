import { expect } from 'chai';
import { generateCampaigns } from '../../../bench/ml/generate.js';
import { rollingOriginBacktest, wmape } from './backtest.js';
import { forecastSeries, seasonalNaive } from './forecast.js';
import { forecastFromSpend } from './spend-forecast.js';

describe('ml-roas forecasts', () => {
  it('when the history has weekly seasonality and noise, the rolling-origin week-ahead wMAPE is at least 10% below seasonal naive', () => {
    let ours = 0;
    let naive = 0;
    for (const campaign of generateCampaigns({ seed: 5, campaigns: 10, days: 140, noise: 0.1 })) {
      ours +=
        rollingOriginBacktest(
          campaign.revenue,
          campaign.weekdays,
          (values, weekdays, horizon) => forecastSeries(values, weekdays, horizon).value,
          6,
        ).weekAheadWmape ?? 1;
      naive +=
        rollingOriginBacktest(
          campaign.revenue,
          campaign.weekdays,
          (values, _weekdays, horizon) => seasonalNaive(values, horizon),
          6,
        ).weekAheadWmape ?? 1;
    }
    // The benchmark reports the pooled figure against the 12% target; here, a clear margin over the baseline.
    expect(ours).to.be.below(naive * 0.9);
  });

  it('when a series is a pure weekly pattern, the forecast repeats it and its interval holds the point', () => {
    const week = [50, 100, 110, 105, 100, 90, 40];
    const values = Array.from({ length: 56 }, (_, day) => week[day % 7] ?? 0);
    const weekdays = values.map((_, day) => day % 7);
    const forecast = forecastSeries(values, weekdays, 7);
    forecast.value.forEach((value, index) => {
      expect(value).to.be.closeTo(week[(56 + index) % 7] ?? 0, 1e-6);
      expect(forecast.lower[index]).to.be.at.most(value);
      expect(forecast.upper[index]).to.be.at.least(value);
    });
  });

  it('when actuals sum to zero, wMAPE is undefined (null) rather than infinite', () => {
    expect(wmape([0, 0], [1, 2])).to.equal(null);
    expect(wmape([10, 10], [5, 15])).to.equal(0.5);
  });

  it('when there is less than four weeks of history, the back-test reports no score', () => {
    const result = rollingOriginBacktest([1, 2, 3], [0, 1, 2], (values, _weekdays, horizon) =>
      seasonalNaive(values, horizon),
    );
    expect(result).to.deep.equal({
      dayAheadWmape: null,
      weekAheadWmape: null,
      weekTotalWmape: null,
      origins: 0,
    });
  });
});

describe('ml-roas spend-driven forecasts', () => {
  it('when the budget doubled three days ago, the revenue forecast follows the new spend at once', () => {
    const days = 84;
    const weekdays = Array.from({ length: days }, (_, day) => day % 7);
    const spend = Array.from({ length: days }, (_, day) => (day < days - 3 ? 1_000 : 2_000));
    const revenue = spend.map((value, day) => value * 3 * (weekdays[day] === 0 ? 0.7 : 1.05));
    const driven = forecastFromSpend(revenue, spend, weekdays, 7);
    const smoothed = forecastSeries(revenue, weekdays, 7);
    const weekTotal = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0);
    const actual = weekTotal(Array.from({ length: 7 }, (_, step) => 6_000 * (step % 7 === 0 ? 0.7 : 1.05)));
    expect(Math.abs(weekTotal(driven?.value ?? []) - actual) / actual).to.be.below(0.02);
    expect(Math.abs(weekTotal(smoothed.value) - actual) / actual).to.be.above(0.1);
  });

  it('when nothing was spent, it declines so the caller forecasts the outcome on its own', () => {
    expect(forecastFromSpend([1, 2, 3], [0, 0, 0], [0, 1, 2], 7)).to.equal(undefined);
  });
});
