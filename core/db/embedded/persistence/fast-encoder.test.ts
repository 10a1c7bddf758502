import { Binary, Decimal128, Long, ObjectId, serialize } from 'bson';
import { expect } from 'chai';
import type { Document } from '../bson-values.js';
import { ENCODE_FALLBACK, ENCODE_NO_ROOM, encodeInto } from './fast-encoder.js';
import { everyBsonType } from './testing.js';

function fast(document: Document, ignoreUndefined = false, room = 1 << 20): Buffer | number {
  const buffer = Buffer.alloc(room);
  const end = encodeInto(document, buffer, 3, ignoreUndefined);
  return end < 0 ? end : buffer.subarray(3, end);
}

function expectSameBytes(document: Document, ignoreUndefined = false): void {
  const encoded = fast(document, ignoreUndefined);
  expect(Buffer.isBuffer(encoded), 'encoded on the fast path').to.equal(true);
  expect((encoded as Buffer).toString('hex')).to.equal(Buffer.from(serialize(document, { ignoreUndefined })).toString('hex'));
}

/** A seeded generator of documents made of the values the fast path handles. */
function randomDocument(seed: number): Document {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const scalar = (): unknown => {
    const pick = Math.floor(next() * 12);
    const values: unknown[] = [
      Math.floor(next() * 4e9) - 2e9,
      next() * 1e6,
      2 ** 31,
      -(2 ** 31),
      2 ** 53 + 2,
      -0,
      Number.NaN,
      `s${Math.floor(next() * 1000)}`,
      'héllo wörld ✓ '.repeat(Math.floor(next() * 5)),
      new Date(Math.floor(next() * 4e12) - 1e12),
      new ObjectId(),
      next() > 0.5,
    ];
    return values[pick];
  };
  const value = (depth: number): unknown => {
    const roll = next();
    if (depth < 3 && roll < 0.1) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1));
    if (depth < 3 && roll < 0.2) return object(depth + 1);
    if (roll < 0.25) return null;
    return scalar();
  };
  const object = (depth: number): Document => {
    const document: Document = {};
    const fields = Math.floor(next() * 8);
    for (let i = 0; i < fields; i++) document[i % 3 === 0 ? `f${i}` : `field_${i}_é`.slice(0, 6 + (i % 4))] = value(depth);
    return document;
  };
  return { _id: new ObjectId(), ...object(0) };
}

describe('persistence/fast-encoder', () => {
  it('when documents hold strings, numbers, dates, ObjectIds, nested objects and arrays, encodes bson serialize bytes', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const document = randomDocument(seed);
      expectSameBytes(document);
      expectSameBytes(document, true);
    }
  });

  it('when numbers sit at the int32 and safe-integer edges, types them as bson does', () => {
    expectSameBytes({ a: 2147483647, b: 2147483648, c: -2147483648, d: -2147483649, e: -0, f: 0, g: 1.5, h: Number.POSITIVE_INFINITY, i: 2 ** 53 });
  });

  it('when a date is before 1970 or far ahead, encodes its int64 milliseconds as bson does', () => {
    expectSameBytes({ a: new Date(-1), b: new Date(-8.64e15), c: new Date(8.64e15), d: new Date(0), e: new Date(2 ** 32 + 5) });
  });

  it('when a value is undefined, leaves the field out only with ignoreUndefined and writes null inside arrays', () => {
    const document = { a: undefined, b: [1, undefined, 3], c: { d: undefined } };
    expectSameBytes(document, false);
    expectSameBytes(document, true);
  });

  it('when keys or strings hold multi-byte characters or lone surrogates, encodes them as bson does', () => {
    expectSameBytes({ 'ключ': 'значение', emoji: '😀'.repeat(20), lone: 'a\uD800b', 'lo\uDC00ne': 'x'.repeat(100) });
  });

  it('when a document holds a type only bson encodes, answers ENCODE_FALLBACK', () => {
    const exotic = everyBsonType();
    for (const value of [Long.fromNumber(5), new Decimal128('1.5'), new Binary(Buffer.from('ab')), /x/, new Map(), 5n, exotic]) {
      expect(fast({ _id: 1, value: value as unknown }), String(value)).to.equal(ENCODE_FALLBACK);
    }
    expect(fast({ 'a\u0000b': 1 })).to.equal(ENCODE_FALLBACK);
    expect(fast({ a: new Date(Number.NaN) })).to.equal(ENCODE_FALLBACK);
  });

  it('when a document holds a circular reference, answers ENCODE_FALLBACK instead of overflowing the stack', () => {
    const loop: Document = { a: 1 };
    loop['self'] = loop;
    expect(fast(loop)).to.equal(ENCODE_FALLBACK);
  });

  it('when the buffer is too small, answers ENCODE_NO_ROOM at every size short of the document', () => {
    const document = randomDocument(7);
    const size = serialize(document).length;
    for (let room = 3; room < 3 + size; room++) expect(fast(document, false, room), String(room)).to.equal(ENCODE_NO_ROOM);
    expect(Buffer.isBuffer(fast(document, false, 3 + size))).to.equal(true);
  });
});
