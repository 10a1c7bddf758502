/**
 * Rule windows as calendar-day spans of the tenant's zone. `last_N_days` are the N full days
 * before today, like the KPI presets; `lifetime` is the longest span the KPI service reads.
 */
import type { RuleCondition, RuleDaySpan, RuleWindow } from '../../core/plugin-api/index.js';

/** The KPI service's longest range (core/analytics MAX_RANGE_DAYS). */
export const LIFETIME_DAYS = 1_100;

const DAY_MS = 86_400_000;

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function spanDays(span: RuleDaySpan): number {
  return Math.round((Date.parse(`${span.to}T00:00:00Z`) - Date.parse(`${span.from}T00:00:00Z`)) / DAY_MS) + 1;
}

// Every campaign of every rule resolves the same few spans: resolve each once per day.
const spans = new Map<string, RuleDaySpan>();

export function spanOf(window: RuleWindow, today: string): RuleDaySpan {
  const key = `${window}|${today}`;
  let span = spans.get(key);
  if (span === undefined) {
    if (spans.size > 10_000) spans.clear();
    span = resolveSpan(window, today);
    spans.set(key, span);
  }
  return span;
}

function resolveSpan(window: RuleWindow, today: string): RuleDaySpan {
  if (window === 'today') return { from: today, to: today };
  if (window === 'yesterday') return { from: addDays(today, -1), to: addDays(today, -1) };
  if (window === 'lifetime') return { from: addDays(today, -(LIFETIME_DAYS - 1)), to: today };
  const days = Number(window.slice(5, -5));
  return { from: addDays(today, -days), to: addDays(today, -1) };
}

/** The key the host files a span's numbers under. */
export function spanKey(span: RuleDaySpan): string {
  return `${span.from}..${span.to}`;
}

const spanDayCounts = new Map<string, number>();

/** {@link spanDays}, cached (baselines ask for it per campaign). */
export function cachedSpanDays(span: RuleDaySpan): number {
  const key = spanKey(span);
  let days = spanDayCounts.get(key);
  if (days === undefined) {
    if (spanDayCounts.size > 10_000) spanDayCounts.clear();
    days = spanDays(span);
    spanDayCounts.set(key, days);
  }
  return days;
}

/** The span a `dailyAverageDays` baseline reads: the days right before the window. */
export function baselineSpanOf(condition: RuleCondition, today: string): RuleDaySpan | undefined {
  if (condition.measure !== 'change_pct' || condition.baseline === 'previous_window') return undefined;
  const key = `baseline|${condition.window}|${condition.baseline.dailyAverageDays}|${today}`;
  let span = spans.get(key);
  if (span === undefined) {
    const window = spanOf(condition.window, today);
    span = { from: addDays(window.from, -condition.baseline.dailyAverageDays), to: addDays(window.from, -1) };
    spans.set(key, span);
  }
  return span;
}
