/**
 * Answers read from the KPI service: one metric (with the previous period beside it), an
 * overview, comparisons (platforms, periods, campaigns), rankings and trends. Every number
 * shown is a value of a KPI answer for the stated days and filter.
 */
import type { KpiAnswer, KpiRow } from '../../core/analytics/kpi-answer.js';
import type { ChatMetric, DayRange } from '../nlu/frame.js';
import type { Answer, AnswerContext } from './answer-context.js';
import {
  askKpis,
  filterLabel,
  footerLines,
  hasNoData,
  joinLines,
  metricName,
  platformLabel,
} from './answer-context.js';
import { listOf, previousSpan } from './plan.js';

const PRESENCE: readonly ChatMetric[] = ['impressions', 'clicks', 'spend'];
const OVERVIEW: readonly ChatMetric[] = ['spend', 'revenue', 'roas', 'conversions'];
/** Lower is better: "top" ranks these ascending. */
const COSTS: ReadonlySet<ChatMetric> = new Set(['cpa', 'cpc', 'cpm']);
const MAX_RANKED = 20;

function noData(context: AnswerContext, answers: readonly KpiAnswer[]): Answer {
  const text = context.catalog.noData(filterLabel(context), context.format.range(context.period.range));
  return { text: joinLines([text], footerLines(context, answers)), payload: null };
}

export async function answerMetric(context: AnswerContext): Promise<Answer> {
  const { frame, format, catalog, period } = context;
  const shown = frame.metric === null ? OVERVIEW : [frame.metric];
  const answer = await askKpis(context, {
    range: period.range,
    metrics: [...shown, ...PRESENCE],
    compare: 'previous_period',
  });
  if (hasNoData(answer.totals)) return noData(context, [answer]);
  const periodText = format.range(period.range);
  const lines: string[] = [];
  if (frame.metric === null) {
    lines.push(catalog.overviewTitle(filterLabel(context), periodText));
    for (const metric of shown)
      lines.push(`• ${metricName(context, metric)}: ${format.value(metric, answer.totals[metric])}`);
  } else {
    const metric = frame.metric;
    lines.push(
      catalog.metricValue(
        metricName(context, metric),
        filterLabel(context),
        periodText,
        format.value(metric, answer.totals[metric]),
      ),
    );
    if (answer.comparison !== null)
      lines.push(
        catalog.previousValue(
          format.range(answer.comparison),
          format.value(metric, answer.comparison.totals[metric]),
          format.change(answer.comparison.change[metric]),
        ),
      );
  }
  return { text: joinLines(lines, footerLines(context, [answer])), payload: null };
}

interface LabelledValues {
  readonly label: string;
  readonly values: KpiRow['values'];
}

function tableOf(
  context: AnswerContext,
  first: string,
  rows: readonly LabelledValues[],
  metrics: readonly ChatMetric[],
): Answer['payload'] {
  return {
    kind: 'table',
    columns: [
      { key: 'label', label: first },
      ...metrics.map((metric) => ({ key: metric, label: metricName(context, metric) })),
    ],
    rows: rows.map((row) => ({
      label: row.label,
      ...Object.fromEntries(
        metrics.map((metric) => [metric, context.format.cell(metric, row.values[metric])]),
      ),
    })),
  };
}

function rowLines(
  context: AnswerContext,
  rows: readonly LabelledValues[],
  metrics: readonly ChatMetric[],
): string[] {
  return rows.map(
    (row) =>
      `• ${row.label}: ${metrics
        .map((metric) => `${metricName(context, metric)} ${context.format.value(metric, row.values[metric])}`)
        .join(' · ')}`,
  );
}

function shownMetrics(context: AnswerContext): readonly ChatMetric[] {
  return context.frame.metric === null ? ['spend', 'revenue', 'roas'] : [context.frame.metric];
}

async function comparePeriods(context: AnswerContext): Promise<Answer> {
  const { period, format, catalog } = context;
  const metrics = shownMetrics(context);
  const spans: DayRange[] = [period.range, period.other ?? previousSpan(period.range)];
  const answers = await Promise.all(
    spans.map((range) => askKpis(context, { range, metrics: [...metrics, ...PRESENCE] })),
  );
  const rows = answers.map((answer, index) => ({
    label: format.range(spans[index] ?? period.range),
    values: answer.totals,
  }));
  const title = catalog.compareTitle(
    catalog.list(metrics.map((metric) => metricName(context, metric))),
    catalog.list(rows.map((row) => row.label)),
    filterLabel(context),
  );
  return {
    text: joinLines([title], rowLines(context, rows, metrics), footerLines(context, answers)),
    payload: tableOf(context, catalog.periodLabel, rows, metrics),
  };
}

async function compareGroups(context: AnswerContext, by: 'platform' | 'campaign'): Promise<Answer> {
  const { period, format, catalog, filters } = context;
  const metrics = shownMetrics(context);
  const answer = await askKpis(context, {
    range: period.range,
    metrics: [...metrics, ...PRESENCE],
    groupBy: by,
    sort: 'key',
  });
  const order = by === 'platform' ? filters.platforms : [];
  const rows = [...answer.rows]
    .sort((left, right) => order.indexOf(left.key) - order.indexOf(right.key))
    .map((row) => ({ label: by === 'platform' ? platformLabel(row.key) : row.label, values: row.values }));
  if (rows.length === 0) return noData(context, [answer]);
  const title = catalog.compareTitle(
    catalog.list(metrics.map((metric) => metricName(context, metric))),
    format.range(period.range),
    filterLabel(context),
  );
  return {
    text: joinLines([title], rowLines(context, rows, metrics), footerLines(context, [answer])),
    payload: tableOf(
      context,
      by === 'platform' ? catalog.platformLabel : catalog.campaignLabel,
      rows,
      metrics,
    ),
  };
}

export function answerCompare(context: AnswerContext): Promise<Answer> {
  const dimension =
    context.frame.compare ??
    (listOf(context.frame.range).length === 2
      ? 'periods'
      : context.filters.campaignIds.length > 1
        ? 'campaigns'
        : 'platforms');
  if (dimension === 'periods') return comparePeriods(context);
  return compareGroups(context, dimension === 'campaigns' ? 'campaign' : 'platform');
}

export async function answerTopN(context: AnswerContext): Promise<Answer> {
  const { frame, period, format, catalog } = context;
  const ranking = frame.extras.ranking ?? { direction: 'top' as const, limit: 5, of: 'campaigns' as const };
  const metric = frame.metric ?? 'roas';
  const limit = Math.min(Math.max(ranking.limit, 1), MAX_RANKED);
  const bestFirstDescending = !COSTS.has(metric);
  const descending = ranking.direction === 'top' ? bestFirstDescending : !bestFirstDescending;
  const metrics: ChatMetric[] = [...new Set<ChatMetric>([metric, 'spend'])];
  const answer = await askKpis(context, {
    range: period.range,
    metrics: [...metrics, ...PRESENCE],
    groupBy: ranking.of === 'platforms' ? 'platform' : 'campaign',
    sort: `${descending ? '-' : ''}${metric}`,
    limit,
  });
  const rows = answer.rows.map((row) => ({
    label:
      ranking.of === 'platforms'
        ? platformLabel(row.key)
        : `${row.label} (${platformLabel(row.platform ?? '')})`,
    values: row.values,
  }));
  if (rows.length === 0) return noData(context, [answer]);
  const title = catalog.topTitle(
    ranking.direction,
    rows.length,
    ranking.of,
    metricName(context, metric),
    format.range(period.range),
    filterLabel(context),
  );
  const lines = rows.map(
    (row, index) => `${index + 1}. ${rowLines(context, [row], metrics)[0]?.slice(2) ?? ''}`,
  );
  return {
    text: joinLines([title], lines, footerLines(context, [answer])),
    payload: tableOf(
      context,
      ranking.of === 'platforms' ? catalog.platformLabel : catalog.campaignLabel,
      rows,
      metrics,
    ),
  };
}

function granularityOf(context: AnswerContext): 'day' | 'week' | 'month' {
  const named = context.frame.extras.granularity;
  if (named !== undefined) return named;
  const days = (Date.parse(context.period.range.to) - Date.parse(context.period.range.from)) / 86_400_000 + 1;
  return days <= 31 ? 'day' : days <= 180 ? 'week' : 'month';
}

export async function answerTrend(context: AnswerContext): Promise<Answer> {
  const { frame, period, format, catalog } = context;
  const metric = frame.metric ?? 'spend';
  const granularity = granularityOf(context);
  const answer = await askKpis(context, {
    range: period.range,
    metrics: [metric, ...PRESENCE],
    groupBy: granularity,
  });
  if (hasNoData(answer.totals)) return noData(context, [answer]);
  const points = answer.rows.map((row) => ({
    date: row.key,
    value: format.cell(metric, row.values[metric]),
  }));
  const valued = answer.rows.filter((row) => row.values[metric] !== null && row.values[metric] !== undefined);
  const valueOf = (row: KpiRow | undefined) => format.value(metric, row?.values[metric]);
  const byValue = [...valued].sort((left, right) => (left.values[metric] ?? 0) - (right.values[metric] ?? 0));
  const title = catalog.trendTitle(
    metricName(context, metric),
    filterLabel(context),
    format.range(period.range),
    granularity,
  );
  const summary = catalog.trendSummary(
    metricName(context, metric),
    valueOf(valued[0]),
    valueOf(valued.at(-1)),
    valueOf(byValue.at(-1)),
    valueOf(byValue[0]),
  );
  return {
    text: joinLines([title, summary], footerLines(context, [answer])),
    payload: { kind: 'series', metric, points },
  };
}
