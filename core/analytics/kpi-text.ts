/**
 * A KPI answer as plain text for terminals (the CLI) and other text channels: a title, a table
 * (metrics as columns), then what the numbers rest on — freshness, unsettled days, missing FX.
 */
import { minorUnitExponent } from '../ingest/fx/currency-units.js';
import type { KpiAnswer, MetricValues } from './kpi-answer.js';
import type { KpiMetric } from './kpi-metrics.js';
import { MONEY_METRICS } from './kpi-metrics.js';

function formatMoney(minor: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  const amount = minor / 10 ** exponent;
  return `${amount.toLocaleString('en-US', { minimumFractionDigits: exponent, maximumFractionDigits: exponent })} ${currency}`;
}

/** One metric value for reading: money in major units with its code, rates in percent. */
export function formatMetric(metric: KpiMetric, value: number | null | undefined, currency: string): string {
  if (value === null || value === undefined) return '–';
  if (MONEY_METRICS.has(metric)) return formatMoney(value, currency);
  if (metric === 'ctr' || metric === 'cvr') return `${(value * 100).toFixed(2)}%`;
  if (metric === 'roas') return value.toFixed(2);
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function table(header: readonly string[], lines: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] ?? '').length)),
  );
  const render = (cells: readonly string[]) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [render(header), render(widths.map((width) => '-'.repeat(width))), ...lines.map(render)].join('\n');
}

function cells(values: MetricValues, metrics: readonly KpiMetric[], currency: string): string[] {
  return metrics.map((metric) => formatMetric(metric, values[metric], currency));
}

export function formatKpiAnswer(answer: KpiAnswer, tenantLabel: string): string {
  const period = `${answer.from} → ${answer.to}${answer.range === null ? '' : ` (${answer.range})`}`;
  const out = [`${tenantLabel} — ${period}, ${answer.currency}, days in ${answer.timezone}`, ''];
  const header = [answer.groupBy === 'none' ? '' : answer.groupBy, ...answer.metrics];
  const lines =
    answer.groupBy === 'none'
      ? [['total', ...cells(answer.totals, answer.metrics, answer.currency)]]
      : [
          ...answer.rows.map((row) => [row.label, ...cells(row.values, answer.metrics, answer.currency)]),
          ['total', ...cells(answer.totals, answer.metrics, answer.currency)],
        ];
  if (answer.comparison !== null)
    lines.push([
      `${answer.comparison.mode} (${answer.comparison.from} → ${answer.comparison.to})`,
      ...cells(answer.comparison.totals, answer.metrics, answer.currency),
    ]);
  out.push(table(header, lines));
  if (answer.rowCount > answer.rows.length) out.push(`(${answer.rows.length} of ${answer.rowCount} rows)`);
  out.push('');
  for (const platform of answer.meta.platforms)
    out.push(
      `${platform.platform}: last successful sync ${platform.lastSuccessfulSyncAt ?? 'never'}, settled through ${platform.lastSettledDay}`,
    );
  const unsettled = answer.meta.days.filter((day) => !day.settled).map((day) => day.date);
  if (unsettled.length > 0) out.push(`not yet settled (late data may still change): ${unsettled.join(', ')}`);
  if (answer.meta.fx.unpricedRows > 0)
    out.push(
      `${answer.meta.fx.unpricedRows} rows had no FX rate and are left out of money totals: ` +
        answer.meta.fx.missing.map((missing) => `${missing.currency} ${missing.date}`).join(', '),
    );
  return `${out.join('\n')}\n`;
}
