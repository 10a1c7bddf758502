import type { DayRange } from '../../plugin-api/index.js';
import { conversionFactor, createConverter } from './convert.js';
import type { MinorUnitConverter, RateTable } from './convert.js';
import type { FxRateModel } from './fx-rate.model.js';

/** The rates of a span of days, read once; conversions are prepared once per (day, pair). */
export interface FxDayTable {
  /** A converter for amounts of `from` into `to` on `day`, or `undefined` when a rate is missing. */
  converter(day: string, from: string, to: string): MinorUnitConverter | undefined;
  /** Days with rates in the table. */
  readonly days: number;
}

/** Loads rate tables; one query per table, not per row. */
export interface FxService {
  loadTable(range: DayRange): Promise<FxDayTable>;
}

/** A malformed stored rate (zero, negative, not a number) counts as missing, never as a crash. */
function factorOrMissing(from: string, to: string, day: DayRates): ReturnType<typeof conversionFactor> {
  try {
    return conversionFactor(from, to, day.rates, day.base);
  } catch {
    return undefined;
  }
}

function asDayRates(value: DayRates | RateTable): DayRates {
  return typeof value['base'] === 'string' && typeof value['rates'] === 'object'
    ? (value as DayRates)
    : { base: 'USD', rates: value as RateTable };
}

const SAME_CURRENCY: MinorUnitConverter = { convert: (amountMinor) => amountMinor };

/** One day's rates and the currency they are quoted against. */
export interface DayRates {
  readonly base: string;
  readonly rates: RateTable;
}

/** A table over rates already in memory (tests, and the service below); a bare table is quoted against USD. */
export function createFxDayTable(ratesByDay: ReadonlyMap<string, DayRates | RateTable>): FxDayTable {
  const converters = new Map<string, MinorUnitConverter | null>();
  return {
    days: ratesByDay.size,
    converter(day, from, to) {
      if (from === to) return SAME_CURRENCY;
      const key = `${day}|${from}|${to}`;
      let converter = converters.get(key);
      if (converter === undefined) {
        const rates = ratesByDay.get(day);
        const factor = rates === undefined ? undefined : factorOrMissing(from, to, asDayRates(rates));
        converter = factor === undefined ? null : createConverter(factor);
        converters.set(key, converter);
      }
      return converter ?? undefined;
    },
  };
}

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * FX from the `fxRates` collection. A table covers a day more on each side of the range, since
 * metric days are in account time zones and the range in the tenant's.
 */
export function createFxService(models: { readonly fxRates: FxRateModel }): FxService {
  return {
    async loadTable(range) {
      const documents = await models.fxRates.collection
        .find(
          { date: { $gte: shiftDay(range.from, -1), $lte: shiftDay(range.to, 1) } },
          { projection: { _id: 0, date: 1, base: 1, rates: 1 } },
        )
        .toArray();
      const byDay = new Map<string, DayRates>();
      for (const document of documents) {
        const { date, base, rates } = document;
        if (
          typeof date === 'string' &&
          typeof base === 'string' &&
          typeof rates === 'object' &&
          rates !== null
        )
          byDay.set(date, { base, rates: rates as RateTable });
      }
      return createFxDayTable(byDay);
    },
  };
}
