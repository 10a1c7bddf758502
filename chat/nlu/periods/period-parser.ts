/**
 * Finds the periods a message names and resolves them to the frame's `range`: one span, two spans
 * for a period comparison (first mentioned first), or null.
 */
import { comparisonSpan, resolvePresetOn } from '../../../core/analytics/date-presets.js';
import { addDays } from '../../../core/analytics/calendar-days.js';
import type { DaySpan } from '../../../core/analytics/calendar-days.js';
import type { DayRange } from '../frame.js';
import { PERIOD_RULES } from './period-rules.js';
import type { RelativePeriod } from './period-rules.js';
import { FUTURE_CUES, MONTH_PATTERN } from './period-words.js';

export interface PeriodMention {
  readonly index: number;
  readonly length: number;
  readonly period: DaySpan | RelativePeriod;
}

/** "this month vs last" → "this month vs last month": the unit of the first period carries over. */
function completeEllipsis(text: string): string {
  return text.replace(
    /\b(this|current) (week|month|quarter|year)\b(.*?\b(?:vs|versus|compare\w*(?: to| with)?|against|or|and)) (?:the )?(last|previous|prior)\b(?! (?:\d|\w*week|month|quarter|year|day))/,
    (_whole, first: string, unit: string, middle: string, last: string) =>
      `${first} ${unit}${middle} ${last} ${unit}`,
  );
}

// prettier-ignore
const ORDINAL_WORDS: Readonly<Record<string, string>> = {
  first: '1st', second: '2nd', third: '3rd', fourth: '4th', fifth: '5th', sixth: '6th', seventh: '7th',
  eighth: '8th', ninth: '9th', tenth: '10th', fifteenth: '15th', twentieth: '20th',
};
const ORDINAL_DAY = new RegExp(
  `\\b(${Object.keys(ORDINAL_WORDS).join('|')})(?= (?:of )?${MONTH_PATTERN}\\b)`,
  'g',
);

/**
 * "the first of november" → "the 1st of november", "last full week" → "last week"; padded so that
 * positions in the text stay put.
 */
function plainPeriodWords(text: string): string {
  return text
    .replace(ORDINAL_DAY, (word: string) => (ORDINAL_WORDS[word] ?? word).padStart(word.length))
    .replace(
      /\b(last|previous|this|past) (?:full|complete|whole|entire|calendar) (week|month|quarter|year)\b/g,
      (whole: string, which: string, unit: string) => `${which} ${unit}`.padStart(whole.length),
    );
}

/** Every period phrase of `text` (canonical English), in the order written. */
export function findPeriods(text: string, today: string, future = FUTURE_CUES.test(text)): PeriodMention[] {
  let rest = plainPeriodWords(completeEllipsis(text));
  const mentions: PeriodMention[] = [];
  for (const rule of PERIOD_RULES) {
    rule.pattern.lastIndex = 0;
    rest = rest.replace(rule.pattern, (...args: unknown[]) => {
      const whole = args[0] as string;
      const offsetIndex = args.findIndex((arg, position) => position > 0 && typeof arg === 'number');
      const index = args[offsetIndex] as number;
      const groups = args.slice(0, offsetIndex) as (string | undefined)[];
      const period = rule.resolve(groups, { today, future });
      if (period === undefined) return whole;
      mentions.push({ index, length: whole.length, period });
      return ' '.repeat(whole.length);
    });
  }
  const implied = impliedCurrentPeriod(text, mentions, today);
  if (implied !== undefined) mentions.push(implied);
  return joinSpans(
    mentions.sort((a, b) => a.index - b.index),
    completeEllipsis(text),
  );
}

const SPAN_LINK = /^\s*(?:-|to|till|until|through|thru|up to)\s*$/;

/** "from 15 october until yesterday": two periods linked by "until" are one span, first day to last. */
function joinSpans(mentions: readonly PeriodMention[], text: string): PeriodMention[] {
  const joined: PeriodMention[] = [];
  for (const mention of mentions) {
    const previous = joined[joined.length - 1];
    const period = mention.period;
    if (
      previous !== undefined &&
      typeof previous.period !== 'string' &&
      typeof period !== 'string' &&
      previous.index >= 0 &&
      previous.period.from <= period.to &&
      SPAN_LINK.test(text.slice(previous.index + previous.length, mention.index))
    ) {
      joined[joined.length - 1] = {
        index: previous.index,
        length: mention.index + mention.length - previous.index,
        period: { from: previous.period.from, to: period.to },
      };
    } else joined.push(mention);
  }
  return joined;
}

const VERSUS_LAST =
  /\b(?:vs|versus|compare\w*(?: to| with)?|against|relative to) (?:the )?(?:last|previous|prior) (week|month|quarter|year)\b/;

/** "cpc vs last week" compares the current week so far with the last one. */
function impliedCurrentPeriod(
  text: string,
  mentions: readonly PeriodMention[],
  today: string,
): PeriodMention | undefined {
  const unit = VERSUS_LAST.exec(text)?.[1];
  if (unit === undefined || mentions.length !== 1) return undefined;
  return { index: -1, length: 0, period: resolvePresetOn(`this_${unit as 'week'}`, today) };
}

const COMPARISON_CUES =
  /\b(?:vs|versus|compare\w*|against|than|relative to|pop|wow|mom|yoy|dod|qoq|and|or)\b/;

/** The text with every period phrase blanked out (what is left is read for other slots). */
export function withoutPeriods(text: string, mentions: readonly PeriodMention[]): string {
  let result = text;
  for (const mention of mentions) {
    result =
      result.slice(0, mention.index) +
      ' '.repeat(mention.length) +
      result.slice(mention.index + mention.length);
  }
  return result;
}

/**
 * The frame's range. Two periods with a comparison cue between them (or a relative one such as
 * "vs the previous period") give two ranges; otherwise the first named period wins.
 */
export function resolveRange(
  text: string,
  mentions: readonly PeriodMention[],
): DayRange | readonly [DayRange, DayRange] | null {
  const first = mentions[0];
  if (first === undefined) return null;
  const absolute = mentions.filter(
    (mention): mention is PeriodMention & { period: DaySpan } => typeof mention.period !== 'string',
  );
  const base = absolute[0]?.period;
  const relative = mentions.find((mention) => typeof mention.period === 'string');
  if (relative !== undefined && base !== undefined && absolute.length <= 1) {
    const other =
      relative.period === 'previous_week'
        ? { from: addDays(base.from, -7), to: addDays(base.to, -7) }
        : comparisonSpan(base, relative.period as Exclude<RelativePeriod, 'previous_week'>);
    if (other !== undefined) return [base, other];
  }
  const second = absolute[1];
  if (base !== undefined && second !== undefined) {
    const between = text.slice(absolute[0]?.index ?? 0, second.index + second.length);
    if (COMPARISON_CUES.test(between) || COMPARISON_CUES.test(text)) return [base, second.period];
  }
  return base ?? null;
}
