import { expect } from 'chai';
import { Decimal128, Long, ObjectId, Timestamp } from 'bson';
import { ev, expectCode } from './test-support.js';

describe('aggregate expressions: types and conversion', () => {
  it('when $type inspects values, it reports MongoDB type aliases including missing', () => {
    const values = ['$missing', null, 'a', 1, 1.5, true, [1], { a: 1 }, new Date(0), new ObjectId(), Decimal128.fromString('1'), Long.fromString('9007199254740993')];
    expect(values.map((value) => ev({ $type: [value] }))).to.deep.equal(['missing', 'null', 'string', 'int', 'double', 'bool', 'array', 'object', 'date', 'objectId', 'decimal', 'long']);
  });

  it('when $isNumber inspects values, only numeric types are numbers', () => {
    expect(ev([{ $isNumber: 1 }, { $isNumber: Decimal128.fromString('2') }, { $isNumber: '1' }, { $isNumber: '$missing' }])).to.deep.equal([true, true, false, false]);
  });

  it('when $toString converts, it follows the manual table', () => {
    expect(
      ev([
        { $toString: true },
        { $toString: 2.5 },
        { $toString: 2 },
        { $toString: Long.fromString('9007199254740993') },
        { $toString: new ObjectId('5ab9c3da31c2ab715d421285') },
        { $toString: new Date('2018-03-27T16:58:51.538Z') },
        { $toString: '$missing' },
      ]),
    ).to.deep.equal(['true', '2.5', '2', '9007199254740993', '5ab9c3da31c2ab715d421285', '2018-03-27T16:58:51.538Z', null]);
  });

  it('when $toString formats a double, it prints six significant digits like the server', () => {
    expect(ev([{ $toString: 1 / 3 }, { $toString: 1234567.5 }, { $toString: -0 }])).to.deep.equal(['0.333333', '1.23457e+06', '-0']);
  });

  it('when $toInt/$toLong convert, doubles truncate and strings must be base-10 integers', () => {
    expect(ev([{ $toInt: 2.5 }, { $toInt: '-5' }, { $toInt: true }, { $toLong: new Date(1000) }])).to.deep.equal([2, -5, 1, 1000]);
    expect(ev({ $toLong: '9007199254740993' })).to.deep.equal(Long.fromString('9007199254740993'));
    expectCode(() => ev({ $toInt: '5.5' }), 241);
    expectCode(() => ev({ $toInt: 3e10 }), 241);
  });

  it('when $toDouble/$toDecimal convert, the manual examples hold', () => {
    expect(ev([{ $toDouble: true }, { $toDouble: '-5.5' }, { $toDouble: new Date(1000) }])).to.deep.equal([1, -5.5, 1000]);
    expect(String(ev({ $toDecimal: 2.5 }))).to.equal('2.50000000000000');
    expect(String(ev({ $toDecimal: true }))).to.equal('1');
    expect(String(ev({ $toDecimal: '-5.5' }))).to.equal('-5.5');
  });

  it('when $toBool converts, only false and numeric zero are false (strings are true)', () => {
    expect(ev([{ $toBool: 0 }, { $toBool: 2.5 }, { $toBool: '' }, { $toBool: 'false' }, { $toBool: new Date(0) }, { $toBool: [[]] }])).to.deep.equal([
      false, true, true, true, true, true,
    ]);
  });

  it('when $toDate converts, doubles are epoch milliseconds and strings are parsed', () => {
    expect(ev({ $toDate: 120000000000.5 })).to.deep.equal(new Date('1973-10-20T21:20:00Z'));
    expect(ev({ $toDate: '2018-03-03' })).to.deep.equal(new Date('2018-03-03T00:00:00Z'));
    expect(ev({ $toDate: new ObjectId('5ab9cbfa31c2ab715d42129e') })).to.deep.equal(new Date('2018-03-27T04:43:38Z'));
    expect(ev({ $toDate: new Timestamp({ t: 10, i: 1 }) })).to.deep.equal(new Date(10000));
  });

  it('when $toDate gets an int, the conversion is unsupported (241)', () => {
    expectCode(() => ev({ $toDate: 5 }), 241, 'Unsupported conversion from int to date in $convert with no onError value');
  });

  it('when $toObjectId gets a 24-hex string it converts; other strings fail with 241', () => {
    expect(String(ev({ $toObjectId: '5ab9cbfa31c2ab715d42129e' }))).to.equal('5ab9cbfa31c2ab715d42129e');
    expectCode(() => ev({ $toObjectId: 'abc' }), 241);
  });

  it('when $convert has onError/onNull, they replace conversion failures and null input', () => {
    expect(ev({ $convert: { input: 'abc', to: 'int', onError: 'bad' } })).to.equal('bad');
    expect(ev({ $convert: { input: '$missing', to: 'int', onNull: 0 } })).to.equal(0);
    expect(ev({ $convert: { input: '5', to: 16 } })).to.equal(5);
    expect(ev({ $convert: { input: 5, to: null } })).to.equal(null);
  });

  it('when $convert names an unknown type, fails with BadValue 2 even with onError', () => {
    expectCode(() => ev({ $convert: { input: 1, to: 'foo', onError: 0 } }), 2, 'Unknown type name: foo');
    expectCode(() => ev({ $convert: { input: 1, to: 99 } }), 9);
    expectCode(() => ev({ $convert: { to: 'int' } }), 9, "Missing 'input' parameter to $convert");
  });

  it('when a $to* shortcut gets two arguments, fails with 50723', () => {
    expectCode(() => ev({ $toInt: [1, 2] }), 50723, '$toInt requires a single argument, got 2');
  });
});

describe('aggregate expressions: objects', () => {
  it('when $mergeObjects merges, later fields win and null inputs are skipped', () => {
    expect(ev({ $mergeObjects: [{ a: 1, b: 1 }, null, { a: 2, c: 3 }, '$missing'] })).to.deep.equal({ a: 2, b: 1, c: 3 });
    expectCode(() => ev({ $mergeObjects: [{ a: 1 }, 5] }), 40400);
  });

  it('when $getField reads a dotted or $-prefixed field name, it reads it literally', () => {
    expect(ev({ $getField: 'price.usd' }, { 'price.usd': 45 })).to.equal(45);
    expect(ev({ $getField: { field: { $literal: '$price' }, input: '$$CURRENT' } }, { $price: 9 })).to.equal(9);
    expect(ev({ $getField: { field: 'a', input: 5 } })).to.equal(undefined);
  });

  it('when $getField is given a field path as field, fails with 5654600', () => {
    expectCode(() => ev({ $getField: { field: '$price', input: {} } }), 5654600);
    expectCode(() => ev({ $getField: { field: { $concat: ['a', 'b'] }, input: {} } }), 5654601);
  });

  it('when $setField sets or removes a field, other fields keep their order', () => {
    expect(ev({ $setField: { field: 'price.usd', input: '$$ROOT', value: 5 } }, { a: 1 })).to.deep.equal({ a: 1, 'price.usd': 5 });
    expect(Object.keys(ev({ $setField: { field: 'a', input: { a: 1, b: 2 }, value: 3 } }) as object)).to.deep.equal(['a', 'b']);
    expect(ev({ $setField: { field: 'a', input: { a: 1, b: 2 }, value: '$$REMOVE' } })).to.deep.equal({ b: 2 });
    expect(ev({ $unsetField: { field: 'b', input: { a: 1, b: 2 } } })).to.deep.equal({ a: 1 });
  });

  it('when $setField input is null it returns null; a scalar input fails with 4161105', () => {
    expect(ev({ $setField: { field: 'a', input: null, value: 1 } })).to.equal(null);
    expectCode(() => ev({ $setField: { field: 'a', input: 5, value: 1 } }), 4161105);
  });

  it('when $arrayToObject receives a __proto__ key, it becomes an own field', () => {
    const result = ev({ $arrayToObject: [[['__proto__', 1]]] }) as Record<string, unknown>;
    expect(Object.hasOwn(result, '__proto__')).to.equal(true);
    expect(Object.getPrototypeOf(result)).to.equal(Object.prototype);
  });

  it('when $rand is evaluated, it returns a number in [0, 1); arguments fail with 3040501', () => {
    const value = ev({ $rand: {} }) as number;
    expect(value).to.be.at.least(0).and.below(1);
    expectCode(() => ev({ $rand: { seed: 1 } }), 3040501);
  });
});
