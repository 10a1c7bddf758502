/** Calendar helpers the grammar needs beyond those of the KPI service's calendar. */
import {
  addDays,
  addMonthsToMonthStart,
  isoWeekdayOf,
  monthEndOf,
} from '../../../core/analytics/calendar-days.js';
import type { DaySpan } from '../../../core/analytics/calendar-days.js';

export function pad2(value: number): string {
  return String(value).padStart(2, '0');
}

/** The day, or undefined when it does not exist (31 April, 29 February of a common year). */
export function validDay(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1900 || year > 2200) return undefined;
  const text = `${year}-${pad2(month)}-${pad2(day)}`;
  return monthEndOf(text) >= text ? text : undefined;
}

export function wholeMonth(year: number, month: number): DaySpan {
  const from = `${year}-${pad2(month)}-01`;
  return { from, to: monthEndOf(from) };
}

export function wholeQuarter(year: number, quarter: number): DaySpan {
  const from = `${year}-${pad2(quarter * 3 - 2)}-01`;
  return { from, to: addDays(addMonthsToMonthStart(from, 3), -1) };
}

/** Two-digit years are this century's. */
export function fullYear(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  return text.length <= 2 ? 2000 + value : value;
}

/** The most recent `weekday` strictly before `today` (or `today` itself when `includeToday`). */
export function previousWeekday(today: string, weekday: number, includeToday: boolean): string {
  let back = (isoWeekdayOf(today) - weekday + 7) % 7;
  if (back === 0 && !includeToday) back = 7;
  return addDays(today, -back);
}

/** The next `weekday` strictly after `today`. */
export function nextWeekday(today: string, weekday: number): string {
  const ahead = (weekday - isoWeekdayOf(today) + 7) % 7;
  return addDays(today, ahead === 0 ? 7 : ahead);
}

/** Clamps a span's end to `today` when the user means the part that has happened. */
export function toDate(span: DaySpan, today: string): DaySpan {
  return span.to > today && span.from <= today ? { from: span.from, to: today } : span;
}
