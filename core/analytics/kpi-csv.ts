/**
 * CSV of a KPI answer (RFC 4180: comma, CRLF, quotes doubled). Text cells that a spreadsheet
 * would run as a formula (starting with = + - @, or a tab or carriage return) are prefixed with
 * an apostrophe; numbers we format ourselves are written as numbers (a negative change is data,
 * not a formula).
 */
import type { KpiAnswer, KpiRow } from './kpi-answer.js';
import type { KpiMetric } from './kpi-metrics.js';

type Cell = string | number | null | undefined;
type CsvRow = Omit<KpiRow, 'dataRows'>;

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function csvCell(cell: Cell): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const text = neutraliseFormula(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

interface Column {
  readonly header: string;
  readonly cell: (row: CsvRow) => Cell;
}

function keyColumns(answer: KpiAnswer): Column[] {
  switch (answer.groupBy) {
    case 'none':
      return [
        { header: 'from', cell: () => answer.from },
        { header: 'to', cell: () => answer.to },
      ];
    case 'day':
    case 'week':
    case 'month':
      return [
        { header: 'period', cell: (row) => row.key },
        { header: 'from', cell: (row) => row.from },
        { header: 'to', cell: (row) => row.to },
      ];
    case 'platform':
      return [{ header: 'platform', cell: (row) => row.platform }];
    case 'account':
      return [
        { header: 'platform', cell: (row) => row.platform },
        { header: 'account_id', cell: (row) => row.accountId },
        { header: 'account_name', cell: (row) => row.label },
      ];
    case 'campaign':
      return [
        { header: 'platform', cell: (row) => row.platform },
        { header: 'account_id', cell: (row) => row.accountId },
        { header: 'campaign_id', cell: (row) => row.campaign?.externalId },
        { header: 'campaign_name', cell: (row) => row.campaign?.name },
        { header: 'status', cell: (row) => row.campaign?.status },
      ];
  }
}

function metricColumns(answer: KpiAnswer): Column[] {
  const columns: Column[] = answer.metrics.map((metric: KpiMetric) => ({
    header: metric,
    cell: (row) => row.values[metric],
  }));
  if (answer.comparison === null) return columns;
  for (const metric of answer.metrics) {
    columns.push({ header: `${metric}_previous`, cell: (row) => row.previous?.[metric] });
    columns.push({ header: `${metric}_change_percent`, cell: (row) => row.change?.[metric]?.percent });
  }
  return columns;
}

/** The answer's rows (its totals when ungrouped) as CSV, money in minor units of `currency`. */
export function kpiAnswerToCsv(answer: KpiAnswer): string {
  const columns = [
    ...keyColumns(answer),
    { header: 'currency', cell: () => answer.currency },
    ...metricColumns(answer),
  ];
  const rows: readonly CsvRow[] =
    answer.groupBy === 'none'
      ? [
          {
            key: 'total',
            label: 'total',
            values: answer.totals,
            ...(answer.comparison === null
              ? {}
              : { previous: answer.comparison.totals, change: answer.comparison.change }),
          },
        ]
      : answer.rows;
  let csv = csvLine(columns.map((column) => column.header));
  for (const row of rows) csv += csvLine(columns.map((column) => column.cell(row)));
  return csv;
}
