import { expect } from 'chai';
import { ObjectId } from 'bson';
import type { Document } from '../bson-values.js';
import { formatInterval } from './key-format.js';
import { intersectLists, listContains, unionIntervals } from './intervals.js';
import type { IntervalList } from './intervals.js';
import { extractPredicates, literalPrefix } from './predicates.js';
import { impliesPartialFilter } from './partial-implication.js';

function bounds(filter: Document, field = 'a'): string[][] {
  return (extractPredicates(filter).get(field) ?? []).map((list) => list.map((interval) => formatInterval(interval, 1)));
}

describe('storage predicate bounds', () => {
  it('when comparing numbers, brackets the range to numbers as mongod prints it', () => {
    expect(bounds({ a: { $gt: 5 } })).to.deep.equal([['(5, inf.0]']]);
    expect(bounds({ a: { $lte: 2.5 } })).to.deep.equal([['[-inf.0, 2.5]']]);
  });

  it('when comparing strings, objects and dates, brackets the range to that type', () => {
    expect(bounds({ a: { $gt: 'm' } })).to.deep.equal([['("m", {})']]);
    expect(bounds({ a: { $lt: 'm' } })).to.deep.equal([['["", "m")']]);
    expect(bounds({ a: { $gte: { x: 1 } } })).to.deep.equal([['[{ x: 1 }, [])']]);
    expect(bounds({ a: { $gt: new Date(5) } })).to.deep.equal([['(new Date(5), new Date(9223372036854775807)]']]);
    const id = new ObjectId('65a1b2c3d4e5f60718293a4b');
    expect(bounds({ a: { $lt: id } })).to.deep.equal([["[ObjectId('000000000000000000000000'), ObjectId('65a1b2c3d4e5f60718293a4b'))"]]);
  });

  it('when comparing with NaN, only $gte/$lte NaN can match, and only NaN', () => {
    expect(bounds({ a: { $gte: Number.NaN } })).to.deep.equal([['[nan.0, nan.0]']]);
    expect(bounds({ a: { $gt: Number.NaN } })).to.deep.equal([[]]);
  });

  it('when $in mixes values and a regex, unions sorted points with the regex string range', () => {
    expect(bounds({ a: { $in: [3, 'b', 1, 3, /^x/] } })).to.deep.equal([['[1, 1]', '[3, 3]', '["b", "b"]', '["x", "y")', '[/^x/, /^x/]']]);
  });

  it('when a predicate cannot be bounded ($ne, $exists, array equality, $or), leaves the field out', () => {
    expect(extractPredicates({ a: { $ne: 1 }, b: { $exists: true }, c: [1, 2], $or: [{ d: 1 }, { d: 2 }] }).size).to.equal(0);
  });

  it('when fields appear under $and and a one-clause $or, collects one list per predicate', () => {
    const predicates = extractPredicates({ $and: [{ a: { $gt: 1 } }, { a: { $lt: 9 } }], $or: [{ b: 2 }] });
    expect(predicates.get('a')).to.have.length(2);
    expect(bounds({ $or: [{ b: 2 }] }, 'b')).to.deep.equal([['[2, 2]']]);
  });

  it('when a regex is anchored, derives the literal prefix; flags or alternation disable it', () => {
    expect(literalPrefix('^abc', '')).to.equal('abc');
    expect(literalPrefix('^ab?c', '')).to.equal('a');
    expect(literalPrefix('^ab+', '')).to.equal('ab');
    expect(literalPrefix('^abc', 'i')).to.equal(undefined);
    expect(literalPrefix('^a|b', '')).to.equal(undefined);
    expect(literalPrefix('abc', '')).to.equal(undefined);
  });
});

describe('storage interval lists', () => {
  const range = (low: number, high: number): IntervalList => [{ low, high, lowInclusive: true, highInclusive: false }];

  it('when intersecting overlapping ranges, keeps the common part with the right inclusivity', () => {
    const both = intersectLists(range(1, 10), [{ low: 5, high: 20, lowInclusive: false, highInclusive: true }]);
    expect(both.map((interval) => formatInterval(interval, 1))).to.deep.equal(['(5, 10)']);
    expect(intersectLists(range(1, 2), range(3, 4))).to.deep.equal([]);
  });

  it('when unioning touching ranges, merges them into one', () => {
    const merged = unionIntervals([...range(5, 9), ...range(1, 5)]);
    expect(merged.map((interval) => formatInterval(interval, 1))).to.deep.equal(['[1, 9)']);
  });

  it('when probing membership, respects open ends and types', () => {
    const list = unionIntervals([...range(1, 3), ...range(7, 9)]);
    expect([1, 2.5, 3, 8, 9, '2'].map((value) => listContains(list, value))).to.deep.equal([true, true, false, true, false, false]);
  });
});

describe('storage partial filter implication', () => {
  const implies = (filter: Document, partial: Document): boolean => impliesPartialFilter(filter, extractPredicates(filter), partial);

  it('when the query range lies inside the partial range, the filter is implied', () => {
    expect(implies({ a: 7 }, { a: { $gt: 5 } })).to.equal(true);
    expect(implies({ a: { $gte: 6, $lt: 9 } }, { a: { $gte: 6 } })).to.equal(true);
    expect(implies({ a: { $gte: 5 } }, { a: { $gt: 5 } })).to.equal(false);
  });

  it('when the partial filter needs $exists: true, any non-null predicate implies it', () => {
    expect(implies({ a: 'x' }, { a: { $exists: true } })).to.equal(true);
    expect(implies({ a: null }, { a: { $exists: true } })).to.equal(false);
  });

  it('when the partial filter uses an operator we cannot reason about, only the same clause implies it', () => {
    expect(implies({ a: { $type: 'string' } }, { a: { $type: 'string' } })).to.equal(true);
    expect(implies({ a: 'x' }, { a: { $type: 'string' } })).to.equal(false);
    expect(implies({ b: 1 }, { a: { $gt: 5 } })).to.equal(false);
  });
});
