/**
 * Deterministic demo exchange rates: every day from 2024-01-01 to 2027-12-31 for the currencies
 * the demo tenants use, each a plausible level with a smooth yearly, monthly and weekly wiggle.
 * Shipped so a fresh install converts money without any network.
 */
import type { FxRateModel } from './fx-rate.model.js';

export const DEMO_FX_FIRST_DAY = '2024-01-01';
export const DEMO_FX_LAST_DAY = '2027-12-31';
export const DEMO_FX_BASE = 'USD';

/** Units per 1 USD around which each demo rate moves. */
const DEMO_LEVELS: Readonly<Record<string, number>> = {
  EUR: 0.92,
  GBP: 0.79,
  CAD: 1.36,
  AUD: 1.52,
  NZD: 1.65,
  JPY: 151.5,
  SEK: 10.6,
  NOK: 10.7,
  DKK: 6.87,
  CHF: 0.88,
  PLN: 3.98,
  BRL: 5.05,
  MXN: 17.2,
  INR: 83.4,
  SGD: 1.35,
  KWD: 0.3075,
};

const MS_PER_DAY = 86_400_000;

function epochDay(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / MS_PER_DAY);
}

function dayOf(epoch: number): string {
  return new Date(epoch * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The demo rate of one currency on one epoch day, to 6 significant digits (stored exactly as written). */
function demoRate(level: number, ordinal: number, day: number): number {
  const phase = ordinal * 0.7;
  const wiggle =
    0.025 * Math.sin((2 * Math.PI * day) / 365.25 + phase) +
    0.008 * Math.sin((2 * Math.PI * day) / 37 + 2 * phase) +
    0.002 * Math.sin((2 * Math.PI * day) / 7 + 3 * phase);
  return Number((level * (1 + wiggle)).toPrecision(6));
}

/** The demo rates of one day (`YYYY-MM-DD`), USD included at 1. */
export function demoFxRatesOf(day: string): Record<string, number> {
  const epoch = epochDay(day);
  const rates: Record<string, number> = { USD: 1 };
  Object.entries(DEMO_LEVELS).forEach(([currency, level], ordinal) => {
    rates[currency] = demoRate(level, ordinal, epoch);
  });
  return rates;
}

/** Every day of the demo table, in order. */
export function demoFxDays(): string[] {
  const days: string[] = [];
  for (let day = epochDay(DEMO_FX_FIRST_DAY); day <= epochDay(DEMO_FX_LAST_DAY); day += 1)
    days.push(dayOf(day));
  return days;
}

/**
 * Inserts the demo rates of every day that has none yet (idempotent; existing days, real or
 * demo, are left alone). One read and at most one bulk insert. Returns the days inserted.
 */
export async function ensureDemoFxRates(models: { readonly fxRates: FxRateModel }): Promise<number> {
  const collection = models.fxRates.collection;
  const present = new Set(
    (
      await collection
        .find(
          { date: { $gte: DEMO_FX_FIRST_DAY, $lte: DEMO_FX_LAST_DAY } },
          { projection: { _id: 0, date: 1 } },
        )
        .toArray()
    ).map((document) => String(document['date'])),
  );
  const missing = demoFxDays()
    .filter((day) => !present.has(day))
    .map((day) => ({ date: day, base: DEMO_FX_BASE, rates: demoFxRatesOf(day) }));
  if (missing.length === 0) return 0;
  try {
    await collection.insertMany(missing, { ordered: false });
  } catch (error) {
    // Another process seeding at the same time: its days are as good as ours.
    if (!isDuplicateKeyOnly(error)) throw error;
  }
  return missing.length;
}

function isDuplicateKeyOnly(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return (
    (error as { code?: unknown }).code === 11000 ||
    (list.length > 0 && list.every((entry) => (entry as { code?: unknown } | undefined)?.code === 11000))
  );
}
