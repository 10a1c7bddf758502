/**
 * What every KPI answer shares: the context it is built in, the one way it asks the KPI service,
 * and the lines that say what the numbers rest on (filter, dates, currency, time zone, freshness).
 */
import type { KpiAnswer } from '../../core/analytics/kpi-answer.js';
import type { KpiGroupBy, KpiQueryInput } from '../../core/analytics/kpi-query.js';
import type { ChatCatalog } from '../i18n/catalog.js';
import type { ChatPayload } from './chat-engine.js';
import type { ChatMetric, DayRange, Frame } from '../nlu/frame.js';
import type { ValueFormatter } from './format.js';
import type { PlannedFilters, PlannedPeriod } from './plan.js';
import type { ChatKpiReader } from './ports.js';

export interface AnswerContext {
  readonly tenantId: string;
  readonly frame: Frame;
  readonly catalog: ChatCatalog;
  readonly format: ValueFormatter;
  readonly currency: string;
  readonly timezone: string;
  readonly today: string;
  readonly filters: PlannedFilters;
  readonly period: PlannedPeriod;
  readonly kpis: ChatKpiReader;
}

export interface Answer {
  readonly text: string;
  readonly payload: ChatPayload | null;
}

export const PLATFORM_LABELS: Readonly<Record<string, string>> = {
  meta: 'Meta',
  google: 'Google',
  tiktok: 'TikTok',
  snapchat: 'Snapchat',
  linkedin: 'LinkedIn',
};

export function platformLabel(platform: string): string {
  return PLATFORM_LABELS[platform] ?? platform;
}

/** "Meta and TikTok · Black Friday Sale", or "all platforms". */
export function filterLabel(context: AnswerContext): string {
  const { catalog, filters } = context;
  const parts: string[] = [];
  if (filters.platforms.length > 0) parts.push(catalog.list(filters.platforms.map(platformLabel)));
  if (filters.campaignNames.length > 0) parts.push(catalog.list(filters.campaignNames));
  return parts.length === 0 ? catalog.allPlatforms : parts.join(' · ');
}

export function metricName(context: AnswerContext, metric: ChatMetric): string {
  return context.catalog.metricNames[metric];
}

export interface KpiAsk {
  readonly range: DayRange;
  readonly metrics: readonly ChatMetric[];
  readonly groupBy?: KpiGroupBy;
  readonly compare?: 'none' | 'previous_period';
  readonly sort?: string;
  readonly limit?: number;
  /** Overrides the planned platform filter (a comparison of named platforms). */
  readonly platforms?: readonly string[];
}

/** One KPI service query inside the planned filters. */
export function askKpis(context: AnswerContext, ask: KpiAsk): Promise<KpiAnswer> {
  const input: KpiQueryInput = {
    from: ask.range.from,
    to: ask.range.to,
    platforms: [...(ask.platforms ?? context.filters.platforms)],
    campaignIds: [...context.filters.campaignIds],
    metrics: [...new Set<ChatMetric>(ask.metrics)],
    groupBy: ask.groupBy ?? 'none',
    compare: ask.compare ?? 'none',
    ...(ask.sort === undefined ? {} : { sort: ask.sort }),
    ...(ask.limit === undefined ? {} : { limit: ask.limit }),
  };
  return context.kpis.query(context.tenantId, input);
}

/** Nothing was counted: no impressions and no spend (the answer then says "no data", not zeros). */
export function hasNoData(values: KpiAnswer['totals']): boolean {
  return (values.impressions ?? 0) === 0 && (values.spend ?? 0) === 0 && (values.clicks ?? 0) === 0;
}

/** Default period, currency and zone, last sync, unsettled days: what the numbers rest on. */
export function footerLines(context: AnswerContext, answers: readonly KpiAnswer[]): string[] {
  const { catalog, format, period } = context;
  const lines: string[] = [];
  if (period.defaulted) lines.push(catalog.defaultPeriod(format.range(period.range)));
  lines.push(catalog.basis(context.currency, context.timezone));
  const synced = answers
    .flatMap((answer) => answer.meta.platforms)
    .map((platform) => platform.lastSuccessfulSyncAt)
    .filter((at): at is string => at !== null)
    .sort();
  const newest = synced.at(-1);
  lines.push(
    newest === undefined ? catalog.neverSynced : catalog.freshness(format.instant(newest, context.timezone)),
  );
  if (answers.some((answer) => answer.meta.days.some((day) => !day.settled))) lines.push(catalog.unsettled);
  return lines;
}

export function joinLines(...groups: readonly (readonly string[])[]): string {
  return groups.flat().join('\n');
}
