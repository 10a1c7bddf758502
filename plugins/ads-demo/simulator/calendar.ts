const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` day (UTC arithmetic; the day itself has no zone). */
export function toEpochDay(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
}

/** `YYYY-MM-DD` of an epoch day. */
export function fromEpochDay(epochDay: number): string {
  return new Date(epochDay * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(epochDay: number): number {
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** The calendar day of `instant` in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(instant);
}

/** Black Friday of a year: the day after the fourth Thursday of November. */
export function blackFriday(year: number): number {
  const novemberFirst = toEpochDay(`${year}-11-01`);
  const firstThursday = novemberFirst + ((4 - weekdayOf(novemberFirst) + 7) % 7);
  return firstThursday + 21 + 1;
}

/** What drives a day's market: demand by audience, advertisers' budget plans, auction prices. */
export interface DayFactors {
  readonly date: string;
  /** Consumer purchase propensity (1 = an ordinary weekday). */
  readonly consumerDemand: number;
  /** B2B lead propensity: weekends and the holidays are quiet. */
  readonly businessDemand: number;
  /** Multiplier advertisers put on planned budgets (Q4 and Black Friday pushes). */
  readonly consumerBudgetPlan: number;
  readonly businessBudgetPlan: number;
  /** Auction price level (CPMs rise in Q4). */
  readonly cpmLevel: number;
}

const CONSUMER_WEEK = [0.93, 1.02, 1.01, 1.0, 0.99, 0.95, 0.84] as const;
const BUSINESS_WEEK = [0.42, 1.05, 1.1, 1.08, 1.02, 0.9, 0.38] as const;

function yearlyConsumerDemand(month: number, dayOfMonth: number): number {
  if (month === 1) return 0.88;
  if (month === 7 || month === 8) return 0.95;
  if (month === 10) return 1 + 0.1 * (dayOfMonth / 31);
  if (month === 11) return 1.1 + 0.15 * (dayOfMonth / 30);
  if (month === 12) {
    if (dayOfMonth <= 20) return 1.3;
    return dayOfMonth === 25 ? 0.7 : 0.92;
  }
  return 1;
}

/** Everything seasonal about one day (computed once per day and shared by all campaigns). */
export function dayFactors(epochDay: number): DayFactors {
  const date = fromEpochDay(epochDay);
  const [year, month, dayOfMonth] = [
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)),
    Number(date.slice(8, 10)),
  ];
  const weekday = weekdayOf(epochDay);
  const offsetFromBlackFriday = epochDay - blackFriday(year);
  let peak = 1;
  let budgetPeak = 1;
  if (offsetFromBlackFriday === 0) [peak, budgetPeak] = [2.4, 1.8];
  else if (offsetFromBlackFriday === 3) [peak, budgetPeak] = [2.1, 1.7];
  else if (offsetFromBlackFriday > 0 && offsetFromBlackFriday < 3) [peak, budgetPeak] = [1.7, 1.6];
  else if (offsetFromBlackFriday >= -4 && offsetFromBlackFriday < 0) [peak, budgetPeak] = [1.25, 1.3];
  const inHolidayPush = month === 11 || (month === 12 && dayOfMonth <= 20);
  const businessHoliday = month === 12 && dayOfMonth >= 22;
  return {
    date,
    consumerDemand: (CONSUMER_WEEK[weekday] ?? 1) * yearlyConsumerDemand(month, dayOfMonth) * peak,
    businessDemand: (BUSINESS_WEEK[weekday] ?? 1) * (businessHoliday ? 0.45 : month === 8 ? 0.85 : 1),
    consumerBudgetPlan: (inHolidayPush ? 1.2 : 1) * budgetPeak,
    businessBudgetPlan: businessHoliday ? 0.6 : 1,
    cpmLevel:
      (inHolidayPush ? 1.25 : 1) * (peak > 1.5 ? 1.35 : 1) * (0.94 + 0.06 * (CONSUMER_WEEK[weekday] ?? 1)),
  };
}
