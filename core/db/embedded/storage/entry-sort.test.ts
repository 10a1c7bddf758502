import { ObjectId } from 'bson';
import { expect } from 'chai';
import type { KeyEntry } from './key-values.js';
import { entryComparator } from './key-values.js';
import { sortEntries } from './entry-sort.js';

/** Deterministic pseudo-random integers. */
function generator(seed: number): (bound: number) => number {
  let state = seed;
  return (bound) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % bound;
  };
}

function entries(count: number, value: (field: number, random: (bound: number) => number) => unknown, width: number): KeyEntry[] {
  const random = generator(7);
  const result: KeyEntry[] = [];
  for (let recordId = 1; result.length < count; recordId++) {
    // Some records contribute two entries (multikey), sharing their recordId.
    const copies = random(5) === 0 ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const entry: KeyEntry = [];
      for (let field = 0; field < width; field++) entry.push(value(field, random));
      entry.push(recordId);
      result.push(entry);
    }
  }
  return result;
}

function expectComparatorOrder(input: KeyEntry[], directions: number[]): void {
  const compare = entryComparator(directions);
  const expected = [...input].sort(compare);
  const actual = sortEntries([...input], directions, compare);
  expect(actual).to.have.length(expected.length);
  for (let i = 0; i < expected.length; i++) expect(actual[i], `position ${i}`).to.equal(expected[i]);
}

describe('storage/entry-sort', () => {
  it('when fields are low-cardinality strings in mixed directions, the order equals the entry comparator', () => {
    const input = entries(20_000, (field, random) => (field === 1 ? random(40) : `v-${random(field === 0 ? 10 : 300)}`), 3);
    expectComparatorOrder(input, [1, -1, 1]);
  });

  it('when values of several types compare equal (null, undefined, 1 and -0/0, equal Dates), they tie on recordId', () => {
    const kinds = [null, undefined, 0, -0, 1, 1.5, 'a', new Date(5), new Date(5), new Date(6), true, new ObjectId('000000000000000000000001')];
    const input = entries(10_000, (_field, random) => kinds[random(kinds.length)], 2);
    expectComparatorOrder(input, [-1, 1]);
  });

  it('when a field has too many distinct values, falls back to the comparator with the same result', () => {
    const input = entries(10_000, (field, random) => (field === 0 ? random(3) : random(1_000_000)), 2);
    expectComparatorOrder(input, [1, 1]);
  });

  it('when the input is not in recordId order, still sorts by the comparator (recordId tie-break included)', () => {
    const input = entries(10_000, (_field, random) => random(4), 1).reverse();
    expectComparatorOrder(input, [1]);
  });
});
