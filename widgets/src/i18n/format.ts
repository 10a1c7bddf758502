/** Locale resolution and Intl formatting of KPI values (money arrives in integer minor units). */
import { CATALOGS, LOCALES } from './catalogs.js';
import type { Locale, MessageKey } from './catalogs.js';

export type { Locale, MessageKey } from './catalogs.js';

const MONEY = new Set(['spend', 'revenue', 'cpa', 'cpc', 'cpm']);
const PERCENT = new Set(['ctr', 'cvr']);

function asLocale(value: string | null | undefined): Locale | undefined {
  const base = value?.toLowerCase().split('-')[0];
  return LOCALES.find((locale) => locale === base);
}

/** Attribute first, then the site's default, then the browser, then English. */
export function resolveLocale(attribute: string | undefined, site: string | undefined): Locale {
  return asLocale(attribute) ?? asLocale(site) ?? navigator.languages.map(asLocale).find(Boolean) ?? 'en';
}

export const isRtl = (locale: Locale) => locale === 'ar';

export function t(locale: Locale, key: MessageKey | string): string {
  const catalog = CATALOGS[locale] as Readonly<Record<string, string>>;
  return catalog[key] ?? (CATALOGS.en as Readonly<Record<string, string>>)[key] ?? key;
}

/** Intl locale tags: Arabic numbers in Western digits read best in mixed dashboards. */
const intlTag = (locale: Locale) => (locale === 'ar' ? 'ar-u-nu-latn' : locale === 'uk' ? 'uk-UA' : 'en-US');

export function formatMetric(
  locale: Locale,
  metric: string,
  value: number | null | undefined,
  currency: string,
): string {
  if (value === null || value === undefined) return '—';
  const tag = intlTag(locale);
  if (MONEY.has(metric)) {
    const fraction =
      new Intl.NumberFormat(tag, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2;
    return new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 2 }).format(
      value / 10 ** fraction,
    );
  }
  if (PERCENT.has(metric))
    return new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 2 }).format(value);
  if (metric === 'roas') return `${new Intl.NumberFormat(tag, { maximumFractionDigits: 2 }).format(value)}×`;
  return new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }).format(value);
}

export function formatPercentChange(locale: Locale, percent: number | null | undefined): string {
  if (percent === null || percent === undefined) return '—';
  return new Intl.NumberFormat(intlTag(locale), {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  }).format(percent / 100);
}

export function formatDay(locale: Locale, day: string, style: 'short' | 'long' = 'short'): string {
  const date = new Date(`${day}T12:00:00Z`);
  return new Intl.DateTimeFormat(
    intlTag(locale),
    style === 'short'
      ? { month: 'short', day: 'numeric', timeZone: 'UTC' }
      : { dateStyle: 'medium', timeZone: 'UTC' },
  ).format(date);
}

export function formatInstant(locale: Locale, iso: string): string {
  return new Intl.DateTimeFormat(intlTag(locale), { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
