import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { compileSort } from '../query/sort.js';
import { openStorageEngine } from './engine.js';
import { seededRandom } from './testing.js';
import type { StoredCollection } from './types.js';

type Random = () => number;

function pick<T>(random: Random, values: readonly T[]): T {
  return values[Math.floor(random() * values.length)] as T;
}

function scalar(random: Random): unknown {
  switch (Math.floor(random() * 9)) {
    case 0:
      return null;
    case 1:
      return Math.floor(random() * 11) - 5;
    case 2:
      return Math.round(random() * 100) / 10 - 5;
    case 3:
      return pick(random, ['', 's0', 's1', 's10', 's2', 'S1', 't']);
    case 4:
      return random() < 0.5;
    case 5:
      return new Date(Math.floor(random() * 5) * 1000);
    case 6:
      return { x: Math.floor(random() * 3) };
    case 7:
      return Number.NaN;
    default:
      return Math.floor(random() * 4);
  }
}

function document(random: Random, id: number): Document {
  const result: Document = { _id: id };
  const roll = random();
  if (roll < 0.25) result['a'] = Array.from({ length: Math.floor(random() * 4) }, () => scalar(random));
  else if (roll < 0.9) result['a'] = scalar(random);
  if (random() < 0.85) result['b'] = scalar(random);
  if (random() < 0.85) result['c'] = random() < 0.3 ? { d: scalar(random) } : scalar(random);
  // Arrays under c only where a is no array: {c, b, a} would otherwise index parallel arrays.
  if (!Array.isArray(result['a']) && random() < 0.2) {
    result['c'] = Array.from({ length: Math.floor(random() * 3) }, () => (random() < 0.6 ? { d: scalar(random) } : scalar(random)));
  }
  return result;
}

function predicate(random: Random): unknown {
  switch (Math.floor(random() * 10)) {
    case 0:
      return scalar(random);
    case 1:
      return { $in: [scalar(random), scalar(random), scalar(random)] };
    case 2:
      return { [pick(random, ['$gt', '$gte', '$lt', '$lte'])]: scalar(random) };
    case 3:
      return { $gt: scalar(random), $lt: scalar(random) };
    case 4:
      return { $gte: Math.floor(random() * 6) - 3, $lte: Math.floor(random() * 6) };
    case 5:
      return pick(random, [/^s1/, /^s/, /1$/, /^S/i]);
    case 6:
      return { $ne: scalar(random) };
    case 7:
      return { $exists: random() < 0.5 };
    case 8:
      return { $eq: scalar(random) };
    default:
      return { $all: [scalar(random)] };
  }
}

function query(random: Random): Document {
  const filter: Document = {};
  for (const field of ['a', 'b', 'c', 'c.d']) if (random() < 0.45) filter[field] = predicate(random);
  if (random() < 0.25) filter['$and'] = [{ a: predicate(random) }, { b: predicate(random) }];
  return filter;
}

function ids(target: StoredCollection, filter: Document, hint?: string | Document): unknown[] {
  return [...target.query({ filter, hint }).records].map((record) => record.document['_id']).sort((x, y) => Number(x) - Number(y));
}

const INDEXES: Document[] = [
  { key: { a: 1 } },
  { key: { b: -1 } },
  { key: { a: -1, b: 1 } },
  { key: { b: 1, c: 1 } },
  { key: { c: 1, b: -1, a: 1 } },
  { key: { 'c.d': 1 } },
];

async function randomCollection(seed: number): Promise<StoredCollection> {
  const random = seededRandom(seed);
  const engine = await openStorageEngine({});
  const target = engine.ensureCollection('prop', `c${seed}`);
  target.createIndexes(INDEXES);
  for (let i = 0; i < 250; i++) target.insert(document(random, i));
  return target;
}

describe('storage index bounds against a brute-force scan (seeded random data)', function () {
  this.timeout(60_000);

  for (const seed of [1, 2, 3]) {
    it(`when the planner picks freely (seed ${seed}), returns exactly the documents a collection scan matches`, async () => {
      const target = await randomCollection(seed);
      const random = seededRandom(seed * 7919);
      for (let i = 0; i < 300; i++) {
        const filter = query(random);
        expect(ids(target, filter), JSON.stringify(filter)).to.deep.equal(ids(target, filter, { $natural: 1 }));
      }
    });
  }

  it('when every index is hinted in turn, each still returns exactly the scanned result', async () => {
    const target = await randomCollection(11);
    const random = seededRandom(4242);
    for (let i = 0; i < 120; i++) {
      const filter = query(random);
      const expected = ids(target, filter, { $natural: 1 });
      for (const spec of INDEXES) {
        expect(ids(target, filter, spec['key'] as Document), `${JSON.stringify(filter)} hint ${JSON.stringify(spec['key'])}`).to.deep.equal(expected);
      }
    }
  });

  it('when a sort with a limit is requested, returns the same sort keys as sorting the full scan', async () => {
    const target = await randomCollection(5);
    const random = seededRandom(99);
    for (let i = 0; i < 150; i++) {
      const filter = query(random);
      const sort = pick(random, [{ b: 1 }, { b: -1 }, { c: 1, b: -1 }, { _id: -1 }, { b: 1, c: 1 }]);
      const limit = 1 + Math.floor(random() * 15);
      const compare = compileSort(sort);
      const planned = [...target.query({ filter, sort, limit }).records].map((record) => record.document);
      const scanned = [...target.query({ filter, sort, limit, hint: { $natural: 1 } }).records].map((record) => record.document);
      expect(planned.length).to.equal(scanned.length);
      planned.forEach((doc, k) => expect(compare(doc, scanned[k] as Document), JSON.stringify({ filter, sort })).to.equal(0));
    }
  });

  it('when documents change between pulls of a lazy index scan, the scan neither fails nor repeats a document', async () => {
    const target = await randomCollection(21);
    const result = target.query({ filter: { b: { $gte: -5 } }, hint: { b: -1 } });
    const seen = new Set<unknown>();
    let inserted = 1000;
    for (const record of result.records) {
      expect(seen.has(record.document['_id'])).to.equal(false);
      seen.add(record.document['_id']);
      target.insert({ _id: inserted++, b: -100 });
    }
    expect(seen.size).to.be.greaterThan(0);
  });
});
