import type {
  BacktestScore,
  ForecastMetric,
  ForecastPoint,
  ForecastRequest,
  SeriesForecast,
} from '../../core/plugin-api/index.js';
import { rollingOriginBacktest } from './model/backtest.js';
import { forecastSeries } from './model/forecast.js';
import type { SeriesPrediction } from './model/forecast.js';
import { forecastFromSpend } from './model/spend-forecast.js';
import { addDays } from './history.js';
import type { CampaignHistory } from './history.js';

type BaseMetric = Exclude<ForecastMetric, 'roas'>;

const seriesOf = (history: Pick<CampaignHistory, 'spend' | 'revenue' | 'conversions'>, metric: BaseMetric) =>
  metric === 'spend' ? history.spend : metric === 'revenue' ? history.revenue : history.conversions;

/** Sums campaign histories into the scope's total series. */
export function totalHistory(
  histories: readonly CampaignHistory[],
  dates: readonly string[],
  weekdays: readonly number[],
): CampaignHistory {
  const sum = (pick: (history: CampaignHistory) => readonly number[]) =>
    dates.map((_, day) => histories.reduce((total, history) => total + (pick(history)[day] ?? 0), 0));
  return {
    campaignExternalId: '',
    platform: '',
    dates,
    weekdays,
    spend: sum((history) => history.spend),
    revenue: sum((history) => history.revenue),
    conversions: sum((history) => history.conversions),
  };
}

function roasPoints(
  dates: readonly string[],
  spend: SeriesPrediction,
  revenue: SeriesPrediction,
): ForecastPoint[] {
  return dates.map((date, index) => {
    const spent = spend.value[index] ?? 0;
    const ratio = (numerator: number, denominator: number) => (denominator > 0 ? numerator / denominator : 0);
    return {
      date,
      metric: 'roas',
      value: ratio(revenue.value[index] ?? 0, spent),
      lower: ratio(revenue.lower[index] ?? 0, spend.upper[index] ?? 0),
      upper: ratio(revenue.upper[index] ?? 0, spend.lower[index] ?? 0),
    };
  });
}

/** Spend-driven metrics follow the spend level in force; spend itself (or no spend) is smoothed on its own. */
function predictMetric(
  history: CampaignHistory,
  metric: BaseMetric,
  values: readonly number[],
  days: number,
  horizon: number,
): SeriesPrediction {
  const weekdays = history.weekdays.slice(0, days);
  if (metric !== 'spend') {
    const driven = forecastFromSpend(values, history.spend.slice(0, days), weekdays, horizon);
    if (driven !== undefined) return driven;
  }
  return forecastSeries(values, weekdays, horizon);
}

/** Forecast and rolling-origin back-test of one series for the requested metrics. */
export function forecastHistory(
  history: CampaignHistory,
  request: Pick<ForecastRequest, 'history' | 'horizonDays' | 'metrics'>,
  campaignExternalId: string | null,
): SeriesForecast {
  const dates = Array.from({ length: request.horizonDays }, (_, index) =>
    addDays(request.history.to, index + 1),
  );
  const needed = new Set<BaseMetric>(
    request.metrics.flatMap((metric): BaseMetric[] => (metric === 'roas' ? ['spend', 'revenue'] : [metric])),
  );
  const predictions = new Map<BaseMetric, SeriesPrediction>();
  for (const metric of needed)
    predictions.set(
      metric,
      predictMetric(history, metric, seriesOf(history, metric), history.dates.length, request.horizonDays),
    );
  const points: ForecastPoint[] = [];
  const backtest: BacktestScore[] = [];
  for (const metric of request.metrics) {
    if (metric === 'roas') {
      points.push(
        ...roasPoints(
          dates,
          predictions.get('spend') as SeriesPrediction,
          predictions.get('revenue') as SeriesPrediction,
        ),
      );
      continue;
    }
    const prediction = predictions.get(metric) as SeriesPrediction;
    dates.forEach((date, index) =>
      points.push({
        date,
        metric,
        value: prediction.value[index] ?? 0,
        lower: prediction.lower[index] ?? 0,
        upper: prediction.upper[index] ?? 0,
      }),
    );
    backtest.push({
      metric,
      ...rollingOriginBacktest(
        seriesOf(history, metric),
        history.weekdays,
        (values, _weekdays, horizon) => predictMetric(history, metric, values, values.length, horizon).value,
      ),
    });
  }
  return { campaignExternalId, points, backtest };
}
