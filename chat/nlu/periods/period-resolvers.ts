/** Resolvers the period rules share: nearest past (or coming) days and months, windows, spans. */
import { addDays, addMonthsToMonthStart, monthStartOf } from '../../../core/analytics/calendar-days.js';
import type { DaySpan } from '../../../core/analytics/calendar-days.js';
import { resolvePresetOn } from '../../../core/analytics/date-presets.js';
import type { DatePreset } from '../../../core/analytics/date-presets.js';
import { fullYear, toDate, validDay, wholeMonth } from './day-math.js';
import { monthNumber } from './period-words.js';

export interface RuleContext {
  readonly today: string;
  /** The message looks ahead (forecast, plan, "next"): bare months and dates resolve forward. */
  readonly future: boolean;
}

/** A period relative to the one mentioned before it ("vs the previous period"). */
export type RelativePeriod = 'previous_period' | 'previous_year' | 'previous_week';

export type RuleResult = DaySpan | RelativePeriod | undefined;

export interface PeriodRule {
  readonly pattern: RegExp;
  readonly resolve: (groups: readonly (string | undefined)[], context: RuleContext) => RuleResult;
}

export function preset(
  name: DatePreset,
): (groups: readonly (string | undefined)[], context: RuleContext) => DaySpan {
  return (_groups, context) => resolvePresetOn(name, context.today);
}

/** A day of the month alone ("the 24th"): this month's, else the last month that had it (or the next when looking ahead). */
export function dayOfMonthNearest(day: number, context: RuleContext): string | undefined {
  let month = monthStartOf(context.today);
  for (let step = 0; step < 3; step += 1) {
    const candidate = validDay(Number(month.slice(0, 4)), Number(month.slice(5, 7)), day);
    if (candidate !== undefined && (context.future ? candidate > context.today : candidate <= context.today))
      return candidate;
    month = addMonthsToMonthStart(month, context.future ? 1 : -1);
  }
  return undefined;
}

/** A month and day without a year: the nearest past one (or the next one when looking ahead). */
export function dayNearest(
  month: number,
  day: number,
  year: number | undefined,
  context: RuleContext,
): string | undefined {
  const thisYear = Number(context.today.slice(0, 4));
  if (year !== undefined) return validDay(year, month, day);
  const candidate = validDay(thisYear, month, day) ?? validDay(thisYear - 1, month, day);
  if (candidate === undefined) return undefined;
  if (context.future) return candidate < context.today ? validDay(thisYear + 1, month, day) : candidate;
  return candidate > context.today ? validDay(thisYear - 1, month, day) : candidate;
}

export function monthNearest(
  month: number,
  year: number | undefined,
  context: RuleContext,
  direction?: string,
): DaySpan {
  const thisYear = Number(context.today.slice(0, 4));
  const thisMonth = Number(context.today.slice(5, 7));
  if (year !== undefined) return wholeMonth(year, month);
  if (direction === 'next' || (direction !== 'last' && context.future)) {
    return wholeMonth(
      month > thisMonth || (month === thisMonth && direction !== 'next') ? thisYear : thisYear + 1,
      month,
    );
  }
  if (direction === 'last') return wholeMonth(month < thisMonth ? thisYear : thisYear - 1, month);
  return toDate(wholeMonth(month <= thisMonth ? thisYear : thisYear - 1, month), context.today);
}

export function span(from: string | undefined, to: string | undefined): DaySpan | undefined {
  if (from === undefined || to === undefined) return undefined;
  return from <= to ? { from, to } : { from: to, to: from };
}

export function lastDays(count: number, today: string): DaySpan | undefined {
  return count > 0 && count <= 3660 ? { from: addDays(today, -count), to: addDays(today, -1) } : undefined;
}

export function dmy(
  d: string | undefined,
  m: string | undefined,
  y: string | undefined,
  context: RuleContext,
): string | undefined {
  return dayNearest(Number(m), Number(d), fullYear(y), context);
}

export function monthWord(word: string | undefined): number {
  return monthNumber(word ?? '') ?? 1;
}

/** "since <day>": from that day through today. */
export function since(from: string | undefined, today: string): DaySpan | undefined {
  return from === undefined || from > today ? undefined : { from, to: today };
}
