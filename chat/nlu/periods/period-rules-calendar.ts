/** Period rules naming calendar units: rolling windows, weeks, weekends, months, quarters, years, weekdays. */
import {
  addDays,
  addMonthsToMonthStart,
  monthStartOf,
  weekStartOf,
} from '../../../core/analytics/calendar-days.js';
import { fullYear, nextWeekday, previousWeekday, toDate, wholeMonth, wholeQuarter } from './day-math.js';
import {
  MONTH_PATTERN,
  NUMBER_PATTERN,
  WEEKDAY_PATTERN,
  numberValue,
  weekdayNumber,
} from './period-words.js';
import { lastDays, monthNearest, monthWord, preset } from './period-resolvers.js';
import type { PeriodRule } from './period-resolvers.js';

// prettier-ignore
const ORDINAL_QUARTERS: Readonly<Record<string, number>> = {
  first: 1, '1st': 1, second: 2, '2nd': 2, third: 3, '3rd': 3, fourth: 4, '4th': 4,
};

export const CALENDAR_RULES: readonly PeriodRule[] = [
  // rolling windows
  {
    pattern: new RegExp(
      `\\b(?:last|past|previous|prev|recent|over the last|over the past|in the last|trailing) (${NUMBER_PATTERN}) ?(days?|d|weeks?|wks?|w)\\b`,
      'g',
    ),
    resolve: (g, c) => lastDays(numberValue(g[1] ?? '0') * (g[2]?.startsWith('w') === true ? 7 : 1), c.today),
  },
  {
    pattern: /\bl(\d{1,3})(d|w)\b/g,
    resolve: (g, c) => lastDays(Number(g[1]) * (g[2] === 'w' ? 7 : 1), c.today),
  },
  {
    pattern: new RegExp(`\\b(?:next|coming|upcoming) (${NUMBER_PATTERN}) ?(days?|weeks?)\\b`, 'g'),
    resolve: (g, c) => {
      const n = numberValue(g[1] ?? '0') * (g[2]?.startsWith('w') === true ? 7 : 1);
      return n > 0 ? { from: addDays(c.today, 1), to: addDays(c.today, n) } : undefined;
    },
  },
  {
    pattern: new RegExp(`\\b(?:last|past|previous) (${NUMBER_PATTERN}) months?\\b`, 'g'),
    resolve: (g, c) => {
      const n = numberValue(g[1] ?? '0');
      return n > 0
        ? { from: addMonthsToMonthStart(c.today, -n), to: addDays(monthStartOf(c.today), -1) }
        : undefined;
    },
  },
  { pattern: /\b(?:past|last|previous) (?:7 days|week)(?= so far)\b/g, resolve: preset('last_7_days') },
  {
    pattern: new RegExp(`\\b(${NUMBER_PATTERN}) days?\\b`, 'g'),
    resolve: (g, c) => lastDays(numberValue(g[1] ?? '0'), c.today),
  },
  // "in the last week/month" is a rolling window, "last week" the calendar week
  { pattern: /\b(?:in|over|during|within|for) the (?:last|past) week\b/g, resolve: preset('last_7_days') },
  { pattern: /\b(?:in|over|during|within|for) the (?:last|past) month\b/g, resolve: preset('last_30_days') },
  // weeks
  {
    pattern: /\b(?:week before last|two weeks ago|2 weeks ago)\b/g,
    resolve: (_g, c) => {
      const monday = addDays(weekStartOf(c.today), -14);
      return { from: monday, to: addDays(monday, 6) };
    },
  },
  {
    pattern: /\b(?:this week|current week|wtd|week to date|so far this week)\b/g,
    resolve: preset('this_week'),
  },
  {
    pattern: /\b(?:last week|previous week|prev week|lw|the week before last)\b/g,
    resolve: preset('last_week'),
  },
  { pattern: /\b(?:past week)\b/g, resolve: preset('last_7_days') },
  {
    pattern: /\b(?:next week|coming week|upcoming week)\b/g,
    resolve: (_g, c) => {
      const monday = addDays(weekStartOf(c.today), 7);
      return { from: monday, to: addDays(monday, 6) };
    },
  },
  // weekends (Saturday and Sunday of a Monday-based week)
  {
    pattern: /\b(?:last|previous|past) weekend\b/g,
    resolve: (_g, c) => {
      const saturday = addDays(weekStartOf(c.today), -2);
      return { from: saturday, to: addDays(saturday, 1) };
    },
  },
  {
    pattern: /\b(?:next|coming) weekend\b/g,
    resolve: (_g, c) => {
      const saturday = addDays(weekStartOf(c.today), 12);
      return { from: saturday, to: addDays(saturday, 1) };
    },
  },
  {
    pattern: /\b(?:this )?weekend\b/g,
    resolve: (_g, c) => {
      const saturday = addDays(weekStartOf(c.today), 5);
      // Looking ahead ("sales this weekend" in a forecast), the weekend not yet begun is meant.
      return saturday <= c.today || c.future
        ? { from: saturday, to: addDays(saturday, 1) }
        : { from: addDays(saturday, -7), to: addDays(saturday, -6) };
    },
  },
  // months
  {
    pattern: /\b(?:this month|current month|mtd|month to date|so far this month)\b/g,
    resolve: preset('this_month'),
  },
  { pattern: /\b(?:last month|previous month|prev month|lm|past month)\b/g, resolve: preset('last_month') },
  {
    pattern: /\b(?:next month|coming month)\b/g,
    resolve: (_g, c) =>
      wholeMonth(
        Number(addMonthsToMonthStart(c.today, 1).slice(0, 4)),
        Number(addMonthsToMonthStart(c.today, 1).slice(5, 7)),
      ),
  },
  { pattern: /\b(?:last (?:30|thirty) days|l30|last30)\b/g, resolve: preset('last_30_days') },
  // quarters
  { pattern: /\b(?:this quarter|current quarter|qtd|quarter to date)\b/g, resolve: preset('this_quarter') },
  { pattern: /\b(?:last quarter|previous quarter|prev quarter|lq)\b/g, resolve: preset('last_quarter') },
  {
    pattern: /\b(?:next quarter)\b/g,
    resolve: (_g, c) => {
      const q = Math.ceil(Number(c.today.slice(5, 7)) / 3);
      const year = Number(c.today.slice(0, 4));
      return q === 4 ? wholeQuarter(year + 1, 1) : wholeQuarter(year, q + 1);
    },
  },
  {
    pattern: /\b(?:(\d{4}) ?)?q([1-4])(?: ?(?:of )?(\d{4}|'?\d{2}))?\b/g,
    resolve: (g, c) => {
      const quarter = Number(g[2]);
      const explicit = fullYear(g[1] ?? g[3]?.replace("'", ''));
      const thisYear = Number(c.today.slice(0, 4));
      const current = Math.ceil(Number(c.today.slice(5, 7)) / 3);
      const year =
        explicit ??
        (c.future
          ? quarter >= current
            ? thisYear
            : thisYear + 1
          : quarter <= current
            ? thisYear
            : thisYear - 1);
      return c.future ? wholeQuarter(year, quarter) : toDate(wholeQuarter(year, quarter), c.today);
    },
  },
  {
    pattern: /\b(first|1st|second|2nd|third|3rd|fourth|4th) quarter(?: (?:of )?(\d{4}))?\b/g,
    resolve: (g, c) => {
      const quarter = ORDINAL_QUARTERS[g[1] ?? ''] ?? 4;
      const year =
        fullYear(g[2]) ??
        Number(c.today.slice(0, 4)) -
          (quarter > Math.ceil(Number(c.today.slice(5, 7)) / 3) && !c.future ? 1 : 0);
      return c.future ? wholeQuarter(year, quarter) : toDate(wholeQuarter(year, quarter), c.today);
    },
  },
  {
    pattern: /\b(?:(first|1st|second|2nd) half|h([12]))(?: (?:of )?(\d{4}))?\b/g,
    resolve: (g, c) => {
      const half =
        g[2] !== undefined ? Number(g[2]) : g[1]?.startsWith('f') === true || g[1] === '1st' ? 1 : 2;
      const thisYear = Number(c.today.slice(0, 4));
      const year =
        fullYear(g[3]) ??
        (half === 2 && c.today < `${thisYear}-07-01` && !c.future ? thisYear - 1 : thisYear);
      const span =
        half === 1
          ? { from: `${year}-01-01`, to: `${year}-06-30` }
          : { from: `${year}-07-01`, to: `${year}-12-31` };
      return c.future ? span : toDate(span, c.today);
    },
  },
  // years
  {
    pattern: /\b(?:this year|current year|ytd|year to date|so far this year)\b/g,
    resolve: preset('this_year'),
  },
  { pattern: /\b(?:last year|previous year|ly)\b/g, resolve: preset('last_year') },
  {
    pattern: /\b(?:next year)\b/g,
    resolve: (_g, c) => {
      const year = Number(c.today.slice(0, 4)) + 1;
      return { from: `${year}-01-01`, to: `${year}-12-31` };
    },
  },
  // named months ("may" only where it cannot be the verb)
  {
    pattern: new RegExp(
      `(?<=\\b(?:vs|versus|than|till|until|through|${MONTH_PATTERN} (?:and|or|to))) may(?: (\\d{4}))?\\b`,
      'g',
    ),
    resolve: (g, c) => monthNearest(5, fullYear(g[1]), c),
  },
  {
    pattern: new RegExp(
      `\\b(?:(next|last|this|for|in|during|of|on|over) (?:the month of )?)?(${MONTH_PATTERN})(?: (\\d{4}))?\\b`,
      'g',
    ),
    resolve: (g, c) => {
      if (g[2] === 'may' && g[1] === undefined && g[3] === undefined) return undefined;
      const direction = g[1] === 'next' || g[1] === 'last' ? g[1] : g[1] === 'this' ? undefined : undefined;
      return monthNearest(monthWord(g[2]), fullYear(g[3]), c, direction);
    },
  },
  {
    pattern: /\b(?:in|for|during) (20\d{2})\b/g,
    resolve: (g) => ({ from: `${g[1]}-01-01`, to: `${g[1]}-12-31` }),
  },
  // weekdays
  {
    pattern: new RegExp(`\\b(next|last|this|on)? ?(${WEEKDAY_PATTERN})\\b`, 'g'),
    resolve: (g, c) => {
      const weekday = weekdayNumber(g[2] ?? '') ?? 1;
      const day =
        g[1] === 'next' ? nextWeekday(c.today, weekday) : previousWeekday(c.today, weekday, g[1] === 'this');
      return { from: day, to: day };
    },
  },
];
