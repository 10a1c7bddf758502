/** Words of the English period grammar (other languages are rewritten into these first). */

export const MONTH_PATTERN =
  '(?:january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|october|oct|november|nov|december|dec)';

const MONTH_PREFIXES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 1–12 for a month word, or undefined. */
export function monthNumber(word: string): number | undefined {
  const index = MONTH_PREFIXES.indexOf(word.slice(0, 3));
  return index < 0 ? undefined : index + 1;
}

export const WEEKDAY_PATTERN =
  '(?:monday|mon|tuesday|tue|tues|wednesday|wed|thursday|thu|thurs|friday|fri|saturday|sat|sunday|sun)';

const WEEKDAY_PREFIXES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** ISO weekday 1 (Monday) … 7 (Sunday) for a weekday word, or undefined. */
export function weekdayNumber(word: string): number | undefined {
  const index = WEEKDAY_PREFIXES.indexOf(word.slice(0, 3));
  return index < 0 ? undefined : index + 1;
}

// prettier-ignore
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11,
  twelve: 12, fourteen: 14, fifteen: 15, twenty: 20, thirty: 30, sixty: 60, ninety: 90,
};

export const NUMBER_PATTERN = `(?:\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

export function numberValue(word: string): number {
  return NUMBER_WORDS[word] ?? Number(word);
}

/** Words saying the user looks ahead (forecasts, plans): a bare month then means the next one. */
export const FUTURE_CUES =
  /\b(?:next|forecast\w*|predict\w*|project\w*|plan\w*|expect\w*|will|upcoming|coming|budget|should (?:we|i) (?:spend|invest|put|allocate))\b/;
