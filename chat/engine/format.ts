/**
 * Numbers, money, percentages, days and instants for one catalog's locale, through Intl. Money
 * arrives in minor units and is shown in major units with the currency; formatters are reused.
 */
import { minorUnitExponent } from '../../core/ingest/fx/currency-units.js';
import type { MetricChange } from '../../core/analytics/kpi-metrics.js';
import type { ChatCatalog } from '../i18n/catalog.js';
import type { ChatMetric, DayRange } from '../nlu/frame.js';

const MONEY: ReadonlySet<ChatMetric> = new Set(['spend', 'revenue', 'cpa', 'cpc', 'cpm']);
const RATES: ReadonlySet<ChatMetric> = new Set(['ctr', 'cvr']);

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

export function isMoneyMetric(metric: ChatMetric): boolean {
  return MONEY.has(metric);
}

/** Major units of a minor-unit amount, as a plain number (for payload rows). */
export function majorUnits(minor: number, currency: string): number {
  const exponent = minorUnitExponent(currency);
  return Math.round(minor) / 10 ** exponent;
}

export interface ValueFormatter {
  value(metric: ChatMetric, value: number | null | undefined): string;
  change(change: MetricChange | undefined): string;
  range(range: DayRange): string;
  instant(iso: string, timeZone: string): string;
  /** The number a payload cell carries: money in major units, rates as fractions. */
  cell(metric: ChatMetric, value: number | null | undefined): number | null;
}

export function createValueFormatter(catalog: ChatCatalog, currency: string): ValueFormatter {
  const { locale } = catalog;
  const exponent = minorUnitExponent(currency);
  const money = numberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  const percent = numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const ratio = numberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const count = numberFormat(locale, { maximumFractionDigits: 0 });
  const signedPercent = numberFormat(locale, {
    style: 'percent',
    signDisplay: 'exceptZero',
    maximumFractionDigits: 1,
  });
  const day = dateFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dash = '–';
  const asDate = (value: string) => new Date(`${value}T00:00:00Z`);
  return {
    value(metric, value) {
      if (value === null || value === undefined) return dash;
      if (MONEY.has(metric)) return money.format(value / 10 ** exponent);
      if (RATES.has(metric)) return percent.format(value);
      if (metric === 'roas') return ratio.format(value);
      return count.format(value);
    },
    change(change) {
      if (change?.percent === null || change?.percent === undefined) return dash;
      return signedPercent.format(change.percent / 100);
    },
    range(range) {
      if (range.from === range.to) return day.format(asDate(range.from));
      return day.formatRange(asDate(range.from), asDate(range.to));
    },
    instant(iso, timeZone) {
      return dateFormat(locale, {
        day: 'numeric',
        month: 'short',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
        timeZoneName: 'short',
      }).format(new Date(iso));
    },
    cell(metric, value) {
      if (value === null || value === undefined) return null;
      return MONEY.has(metric) ? value / 10 ** exponent : value;
    },
  };
}
