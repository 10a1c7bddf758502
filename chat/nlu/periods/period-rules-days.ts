/** Period rules naming days: relative periods ("the week before"), explicit spans, "since", single days. */
import { addDays, addYears } from '../../../core/analytics/calendar-days.js';
import { fullYear, previousWeekday, validDay, wholeMonth } from './day-math.js';
import {
  MONTH_PATTERN,
  NUMBER_PATTERN,
  WEEKDAY_PATTERN,
  numberValue,
  weekdayNumber,
} from './period-words.js';
import {
  dayNearest,
  dayOfMonthNearest,
  dmy,
  lastDays,
  monthNearest,
  monthWord,
  preset,
  since,
  span,
} from './period-resolvers.js';
import type { PeriodRule } from './period-resolvers.js';

const ORD = '(?:st|nd|rd|th)?';
const SPAN_JOIN = '\\s?(?:-|to|till|until|through|thru|and)\\s?';
const YEAR = '(\\d{4})';

const DMY = '(\\d{1,2})[/.](\\d{1,2})(?:[/.](\\d{2,4}))?';
const ISO = '(\\d{4})-(\\d{2})-(\\d{2})';

export const DAY_RULES: readonly PeriodRule[] = [
  // relative to the period mentioned before
  {
    pattern:
      /\b(?:(?:the )?same (?:day|days|time|period) (?:last|a|the previous|the prior) week|a week (?:ago|before|earlier)|(?:the )?weekend before(?: that)?|(?<=\b(?:vs|versus|against|than|to|with) )(?:the )?(?:previous|prior) weekend)\b/g,
    resolve: () => 'previous_week',
  },
  {
    pattern:
      /\b(?:(?:the )?same (?:period|time|days|dates|day|month|week|quarter|weekend) (?:last|a|the previous|previous|prior|the prior) year|last year same period|yoy|year over year|a year (?:ago|before|earlier))\b/g,
    resolve: () => 'previous_year',
  },
  {
    pattern:
      /\b(?:(?:the )?(?:previous|prior|preceding) (?:period|\d+ days)|(?:the )?(?:(?:\d+|two|three|four|six) )?(?:period|weeks?|months?|days?|quarters?|years?) before(?! last| yesterday)|the one before|before that|pop|wow|mom|dod|qoq)\b/g,
    resolve: () => 'previous_period',
  },
  // explicit spans
  {
    pattern: new RegExp(`(?:from |between )?${ISO}${SPAN_JOIN}${ISO}`, 'g'),
    resolve: (g) =>
      span(
        validDay(Number(g[1]), Number(g[2]), Number(g[3])),
        validDay(Number(g[4]), Number(g[5]), Number(g[6])),
      ),
  },
  {
    pattern: new RegExp(`(?:from |between )?${DMY}${SPAN_JOIN}${DMY}`, 'g'),
    resolve: (g, c) => span(dmy(g[1], g[2], g[3], c), dmy(g[4], g[5], g[6] ?? g[3], c)),
  },
  {
    pattern: new RegExp(
      `(?:from |between )?(?:the )?(\\d{1,2})${ORD}(?: of)?(?: (${MONTH_PATTERN}))?${SPAN_JOIN}(?:the )?(\\d{1,2})${ORD}(?: of)? (${MONTH_PATTERN})(?: ${YEAR})?`,
      'g',
    ),
    resolve: (g, c) => {
      const year = fullYear(g[5]);
      const to = dayNearest(monthWord(g[4]), Number(g[3]), year, c);
      const from =
        to === undefined
          ? undefined
          : validDay(
              Number(to.slice(0, 4)) - (g[2] !== undefined && monthWord(g[2]) > monthWord(g[4]) ? 1 : 0),
              monthWord(g[2] ?? g[4]),
              Number(g[1]),
            );
      return span(from, to);
    },
  },
  {
    pattern: new RegExp(
      `(?:from |between )?(${MONTH_PATTERN}) (\\d{1,2})${ORD}${SPAN_JOIN}(?:(${MONTH_PATTERN}) )?(\\d{1,2})${ORD}(?:,? ${YEAR})?`,
      'g',
    ),
    resolve: (g, c) => {
      const year = fullYear(g[5]);
      const to = dayNearest(monthWord(g[3] ?? g[1]), Number(g[4]), year, c);
      const from =
        to === undefined
          ? undefined
          : validDay(
              Number(to.slice(0, 4)) - (g[3] !== undefined && monthWord(g[1]) > monthWord(g[3]) ? 1 : 0),
              monthWord(g[1]),
              Number(g[2]),
            );
      return span(from, to);
    },
  },
  {
    pattern: new RegExp(
      `(?:from |between )(${MONTH_PATTERN})(?: ${YEAR})?${SPAN_JOIN}(${MONTH_PATTERN})(?: ${YEAR})?`,
      'g',
    ),
    resolve: (g, c) => {
      const end = monthNearest(monthWord(g[3]), fullYear(g[4]), c);
      const startMonth = monthWord(g[1]);
      const startYear =
        fullYear(g[2]) ?? Number(end.from.slice(0, 4)) - (startMonth > monthWord(g[3]) ? 1 : 0);
      return { from: wholeMonth(startYear, startMonth).from, to: end.to };
    },
  },
  // days of the month without the month ("between the 1st and the 15th")
  {
    pattern: new RegExp(
      `(?:from |between )?(?:the )?(\\d{1,2})(?:st|nd|rd|th)${SPAN_JOIN}(?:the )?(\\d{1,2})(?:st|nd|rd|th)\\b`,
      'g',
    ),
    resolve: (g, c) => {
      const to = dayOfMonthNearest(Number(g[2]), c);
      const from =
        to === undefined ? undefined : validDay(Number(to.slice(0, 4)), Number(to.slice(5, 7)), Number(g[1]));
      return span(from, to);
    },
  },
  // since / from one day
  {
    pattern: new RegExp(`\\b(?:since|from|starting(?: from)?|after) ${ISO}`, 'g'),
    resolve: (g, c) => since(validDay(Number(g[1]), Number(g[2]), Number(g[3])), c.today),
  },
  {
    pattern: new RegExp(`\\b(?:since|from|starting(?: from)?) ${DMY}`, 'g'),
    resolve: (g, c) => since(dmy(g[1], g[2], g[3], c), c.today),
  },
  {
    pattern: new RegExp(
      `\\b(?:since|from|starting(?: from)?) (?:the )?(\\d{1,2})${ORD}(?: of)? (${MONTH_PATTERN})(?: ${YEAR})?`,
      'g',
    ),
    resolve: (g, c) => since(dayNearest(monthWord(g[2]), Number(g[1]), fullYear(g[3]), c), c.today),
  },
  {
    pattern: new RegExp(
      `\\b(?:since|from|starting(?: from)?) (${MONTH_PATTERN}) (\\d{1,2})${ORD}(?:,? ${YEAR})?`,
      'g',
    ),
    resolve: (g, c) => since(dayNearest(monthWord(g[1]), Number(g[2]), fullYear(g[3]), c), c.today),
  },
  {
    pattern: /\b(?:since|starting(?: from)?) (day before yesterday|yesterday)\b/g,
    resolve: (g, c) => since(addDays(c.today, g[1] === 'yesterday' ? -1 : -2), c.today),
  },
  {
    pattern: new RegExp(`\\b(?:since|from|starting(?: from)?) (?:last |this )?(${WEEKDAY_PATTERN})\\b`, 'g'),
    resolve: (g, c) => since(previousWeekday(c.today, weekdayNumber(g[1] ?? '') ?? 1, false), c.today),
  },
  {
    pattern: new RegExp(
      `\\b(?:since|from|starting(?: from)?) (?:the )?(?:start|beginning) of (?:the )?(week|month|quarter|year)\\b`,
      'g',
    ),
    resolve: (g, c) => preset(`this_${g[1] as 'week'}`)(g, c),
  },
  {
    pattern: new RegExp(`\\b(?:since) (${MONTH_PATTERN})(?: ${YEAR})?\\b`, 'g'),
    resolve: (g, c) =>
      since(monthNearest(monthWord(g[1]), fullYear(g[2]), { ...c, future: false }).from, c.today),
  },
  {
    // "since the 10th"; after "since" a bare number is a day too ("من يوم 10" → "since 10")
    pattern:
      /\b(?:(?:since|from|starting(?: from)?) (?:the )?(\d{1,2})(?:st|nd|rd|th)|since (?:the )?(\d{1,2})(?![\d/.:]| ?(?:days?|weeks?|months?|hours?|hrs?|[ap]m|k|%)\b))\b/g,
    resolve: (g, c) => since(dayOfMonthNearest(Number(g[1] ?? g[2]), { ...c, future: false }), c.today),
  },
  // single days
  {
    pattern: new RegExp(ISO, 'g'),
    resolve: (g) => {
      const day = validDay(Number(g[1]), Number(g[2]), Number(g[3]));
      return span(day, day);
    },
  },
  {
    pattern: new RegExp(`\\b${DMY}\\b`, 'g'),
    resolve: (g, c) => {
      const day = dmy(g[1], g[2], g[3], c);
      return span(day, day);
    },
  },
  {
    pattern: new RegExp(`\\b(?:the )?(\\d{1,2})${ORD}(?: of)? (${MONTH_PATTERN})(?: ${YEAR})?\\b`, 'g'),
    resolve: (g, c) => {
      const day = dayNearest(monthWord(g[2]), Number(g[1]), fullYear(g[3]), c);
      return span(day, day);
    },
  },
  {
    pattern: new RegExp(`\\b(${MONTH_PATTERN}) (\\d{1,2})${ORD}(?:,? ${YEAR})?\\b`, 'g'),
    resolve: (g, c) => {
      const day = dayNearest(monthWord(g[1]), Number(g[2]), fullYear(g[3]), c);
      return span(day, day);
    },
  },
  // a day of the month without the month ("for the 24th")
  {
    pattern: /\b(?:on |for |of )?the (\d{1,2})(?:st|nd|rd|th)\b(?! (?:quarter|half|week|month|campaign))/g,
    resolve: (g, c) => {
      const day = dayOfMonthNearest(Number(g[1]), c);
      return span(day, day);
    },
  },
  {
    pattern: /\b(?:day before yesterday|dby)\b/g,
    resolve: (_g, c) => ({ from: addDays(c.today, -2), to: addDays(c.today, -2) }),
  },
  { pattern: /\byesterday\b/g, resolve: preset('yesterday') },
  { pattern: /\btoday\b/g, resolve: preset('today') },
  { pattern: /\btomorrow\b/g, resolve: (_g, c) => ({ from: addDays(c.today, 1), to: addDays(c.today, 1) }) },
  {
    pattern: new RegExp(`\\b(${NUMBER_PATTERN}) days? ago\\b`, 'g'),
    resolve: (g, c) => {
      const day = addDays(c.today, -numberValue(g[1] ?? '0'));
      return { from: day, to: day };
    },
  },
  {
    pattern: /\b(?:this|same) (?:time|day|date) last year\b/g,
    resolve: (_g, c) => {
      const day = addYears(c.today, -1);
      return { from: day, to: day };
    },
  },
  {
    pattern: /\b(?:last|past|previous) (\d{1,3}) ?(?:hours|hrs|h)\b/g,
    resolve: (g, c) => lastDays(Math.max(1, Math.ceil(Number(g[1]) / 24)), c.today),
  },
  { pattern: /\b(?:the )?(?:last|past|previous) fortnight\b/g, resolve: preset('last_14_days') },
];
