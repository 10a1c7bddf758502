import { expect } from 'chai';
import { Decimal128, Long, Timestamp } from 'bson';
import type { Document } from '../bson-values.js';
import { expectServerError, now, update } from './test-support.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && (Array.isArray(value) || value.constructor === Object)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('update operators on fields', () => {
  describe('$set', () => {
    it('when the field exists, replaces its value in place', () => {
      const result = update({ _id: 1, a: 1, b: 2 }, { $set: { a: 5 } });
      expect(result.document).to.deep.equal({ _id: 1, a: 5, b: 2 });
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'a', 'b']);
      expect(result.modified).to.equal(true);
    });

    it('when a dotted path is missing, creates the embedded documents', () => {
      const result = update({ _id: 1 }, { $set: { 'a.b.c': 1, 'a.b.d': 2 } });
      expect(result.document).to.deep.equal({ _id: 1, a: { b: { c: 1, d: 2 } } });
    });

    it('when the new value is identical, reports no modification', () => {
      const result = update({ _id: 1, a: { x: 1, y: [1, 2] } }, { $set: { a: { x: 1, y: [1, 2] } } });
      expect(result.modified).to.equal(false);
    });

    it('when an embedded document has the same fields in another order, counts as a modification', () => {
      const result = update({ _id: 1, a: { x: 1, y: 2 } }, { $set: { a: { y: 2, x: 1 } } });
      expect(result.modified).to.equal(true);
      expect(Object.keys(result.document.a as Document)).to.deep.equal(['y', 'x']);
    });

    it('when the index is inside the array, replaces that element', () => {
      const result = update({ _id: 1, a: [1, 2, 3] }, { $set: { 'a.1': 9 } });
      expect(result.document.a).to.deep.equal([1, 9, 3]);
    });

    it('when the index is past the end of the array, pads with nulls', () => {
      const result = update({ _id: 1, a: [1] }, { $set: { 'a.3': 4 } });
      expect(result.document.a).to.deep.equal([1, null, null, 4]);
    });

    it('when the path continues inside an array element, updates that element document', () => {
      const result = update({ _id: 1, a: [{ b: 1 }, { b: 2 }] }, { $set: { 'a.1.b': 5, 'a.1.c': 6 } });
      expect(result.document.a).to.deep.equal([{ b: 1 }, { b: 5, c: 6 }]);
    });

    it('when the path crosses a scalar, fails with 28 PathNotViable', () => {
      expectServerError(
        () => update({ _id: 1, a: 5 }, { $set: { 'a.b': 1 } }),
        28,
        "Cannot create field 'b' in element {a: 5}",
      );
    });

    it('when a field name is used on an array, fails with 28 PathNotViable', () => {
      expectServerError(
        () => update({ _id: 1, a: [1, 2] }, { $set: { 'a.b': 1 } }),
        28,
        "Cannot create field 'b' in element {a: [ 1, 2 ]}",
      );
    });

    it('when the value is a document, stores a copy that later changes to the update cannot reach', () => {
      const spec = { $set: { a: { b: [1] } } };
      const result = update({ _id: 1 }, spec);
      spec.$set.a.b.push(2);
      expect(result.document.a).to.deep.equal({ b: [1] });
    });
  });

  describe('input immutability', () => {
    it('when many operators apply, never mutates the (frozen) input document', () => {
      const input = deepFreeze({ _id: 1, a: { b: [1, 2, { c: 3 }] }, n: 1, s: ['x'], r: { from: 1 } });
      const result = update(input, {
        $set: { 'a.b.2.c': 4, 'a.z': 1 },
        $inc: { n: 2 },
        $push: { s: 'y' },
        $unset: { 'a.b.0': 1 },
        $rename: { 'r.from': 'r.to' },
      });
      expect(result.document).to.deep.equal({
        _id: 1,
        a: { b: [null, 2, { c: 4 }], z: 1 },
        n: 3,
        s: ['x', 'y'],
        r: { to: 1 },
      });
      expect(input).to.deep.equal({ _id: 1, a: { b: [1, 2, { c: 3 }] }, n: 1, s: ['x'], r: { from: 1 } });
    });

    it('when a subtree is untouched, shares it with the input instead of copying it', () => {
      const untouched = { deep: [1, 2, 3] };
      const result = update({ _id: 1, keep: untouched, a: 1 }, { $set: { a: 2 } });
      expect(result.document.keep).to.equal(untouched);
    });
  });

  describe('$unset', () => {
    it('when the field exists, removes it', () => {
      const result = update({ _id: 1, a: 1, b: { c: 1, d: 2 } }, { $unset: { a: '', 'b.c': 1 } });
      expect(result.document).to.deep.equal({ _id: 1, b: { d: 2 } });
      expect(result.modified).to.equal(true);
    });

    it('when the field is missing, changes nothing', () => {
      const result = update({ _id: 1, a: 1 }, { $unset: { b: 1, 'c.d': 1 } });
      expect(result.modified).to.equal(false);
      expect(result.document).to.deep.equal({ _id: 1, a: 1 });
    });

    it('when the target is an array element, sets it to null instead of shifting the array', () => {
      const result = update({ _id: 1, a: [1, 2, 3] }, { $unset: { 'a.1': 1 } });
      expect(result.document.a).to.deep.equal([1, null, 3]);
    });

    it('when the path crosses a scalar, is a no-op rather than an error', () => {
      const result = update({ _id: 1, a: 5 }, { $unset: { 'a.b': 1 } });
      expect(result.modified).to.equal(false);
    });
  });

  describe('$inc and $mul', () => {
    it('when the field is numeric, adds the increment', () => {
      const result = update({ _id: 1, a: 1.5, b: -3 }, { $inc: { a: 2, b: -4 } });
      expect(result.document).to.deep.equal({ _id: 1, a: 3.5, b: -7 });
    });

    it('when the field is missing, creates it with the increment', () => {
      expect(update({ _id: 1 }, { $inc: { 'a.b': 5 } }).document).to.deep.equal({ _id: 1, a: { b: 5 } });
    });

    it('when incrementing by zero, reports no modification', () => {
      expect(update({ _id: 1, a: 3 }, { $inc: { a: 0 } }).modified).to.equal(false);
    });

    it('when the argument is not a number, fails with 14 TypeMismatch', () => {
      expectServerError(
        () => update({ _id: 1, a: 1 }, { $inc: { a: 'x' } }),
        14,
        'Cannot increment with non-numeric argument: {a: "x"}',
      );
    });

    it('when the field is not numeric, fails with 14 naming the _id and type', () => {
      expectServerError(
        () => update({ _id: 1, a: 'text' }, { $inc: { a: 1 } }),
        14,
        "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'a' of non-numeric type string",
      );
    });

    it('when the field is an int64 beyond 2^53, keeps exact 64-bit arithmetic', () => {
      const big = Long.fromString('9007199254740993');
      const result = update({ _id: 1, a: big }, { $inc: { a: 2 } });
      expect((result.document.a as Long).toString()).to.equal('9007199254740995');
    });

    it('when an int64 overflows, fails with 2 BadValue', () => {
      const max = Long.fromString('9223372036854775807');
      expectServerError(() => update({ _id: 1, a: max }, { $inc: { a: Long.fromNumber(1) } }), 2);
    });

    it('when the increment is a Decimal128, produces a Decimal128', () => {
      const result = update({ _id: 1, a: 1 }, { $inc: { a: Decimal128.fromString('0.5') } });
      expect(result.document.a).to.be.instanceOf(Decimal128);
      expect(String(result.document.a)).to.equal('1.5');
    });

    it('when multiplying, multiplies and creates a missing field as 0', () => {
      const result = update({ _id: 1, a: 3 }, { $mul: { a: 4, b: 7 } });
      expect(result.document).to.deep.equal({ _id: 1, a: 12, b: 0 });
    });

    it('when the multiplier is not a number, fails with 14 TypeMismatch', () => {
      expectServerError(
        () => update({ _id: 1 }, { $mul: { a: true } }),
        14,
        'Cannot multiply with non-numeric argument: {a: true}',
      );
    });
  });

  describe('$min and $max', () => {
    it('when the new value is lower, $min replaces and $max keeps', () => {
      const result = update({ _id: 1, lo: 5, hi: 5 }, { $min: { lo: 3 }, $max: { hi: 3 } });
      expect(result.document).to.deep.equal({ _id: 1, lo: 3, hi: 5 });
    });

    it('when the values are equal, reports no modification', () => {
      expect(update({ _id: 1, a: 5 }, { $max: { a: 5 } }).modified).to.equal(false);
      expect(update({ _id: 1, a: 5 }, { $min: { a: 5 } }).modified).to.equal(false);
    });

    it('when the types differ, compares in BSON type order', () => {
      const result = update({ _id: 1, a: 5, b: 5 }, { $min: { a: null }, $max: { b: 'text' } });
      expect(result.document).to.deep.equal({ _id: 1, a: null, b: 'text' });
    });

    it('when the field is missing, creates it', () => {
      expect(update({ _id: 1 }, { $max: { a: new Date(5) } }).document.a).to.deep.equal(new Date(5));
    });
  });

  describe('$currentDate', () => {
    it('when given true, sets the command clock as a Date', () => {
      const result = update({ _id: 1 }, { $currentDate: { at: true } });
      expect(result.document.at).to.be.instanceOf(Date);
      expect((result.document.at as Date).getTime()).to.equal(now.getTime());
    });

    it('when given {$type: "timestamp"}, sets a Timestamp of the clock second', () => {
      const result = update({ _id: 1 }, { $currentDate: { ts: { $type: 'timestamp' } } });
      const timestamp = result.document.ts as Timestamp;
      expect(timestamp).to.be.instanceOf(Timestamp);
      expect(timestamp.t).to.equal(Math.floor(now.getTime() / 1000));
    });

    it('when the argument is neither a boolean nor a $type document, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $currentDate: { at: 'now' } }),
        2,
        "string is not valid type for $currentDate. Please use a boolean ('true') or a $type expression " +
          "({$type: 'timestamp/date'}).",
      );
    });

    it('when the $type is unknown, fails with 2 BadValue', () => {
      expectServerError(() => update({ _id: 1 }, { $currentDate: { at: { $type: 'time' } } }), 2);
    });
  });

  describe('$setOnInsert', () => {
    it('when the update modifies an existing document, is ignored', () => {
      const result = update({ _id: 1 }, { $setOnInsert: { created: 1 } });
      expect(result.document).to.deep.equal({ _id: 1 });
      expect(result.modified).to.equal(false);
    });

    it('when the update inserts an upsert document, sets its fields', () => {
      const result = update({ _id: 1 }, { $setOnInsert: { created: 1 } }, { isUpsertInsert: true });
      expect(result.document).to.deep.equal({ _id: 1, created: 1 });
    });
  });

  describe('$bit', () => {
    it('when combining and/or/xor, applies them in order', () => {
      const result = update({ _id: 1, a: 0b1100 }, { $bit: { a: { and: 0b1010, or: 0b0001, xor: 0b1111 } } });
      expect(result.document.a).to.equal(0b0110);
    });

    it('when the field is missing, applies the operations to 0', () => {
      expect(update({ _id: 1 }, { $bit: { a: { or: 5 } } }).document.a).to.equal(5);
    });

    it('when the field is not an integer, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: 1.5 }, { $bit: { a: { and: 1 } } }),
        2,
        'Cannot apply $bit to a value of non-integral type._id: 1 has the field a of non-integer type double',
      );
    });

    it('when the operator is unknown, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: 1 }, { $bit: { a: { nand: 1 } } }),
        2,
        "The $bit modifier only supports 'and', 'or', and 'xor', not 'nand' which is an unknown operator: {nand: 1}",
      );
    });

    it('when the operand is not an integer, fails with 2 BadValue', () => {
      expectServerError(() => update({ _id: 1, a: 1 }, { $bit: { a: { and: 1.5 } } }), 2);
    });

    it('when an operand is beyond int32, uses 64-bit arithmetic', () => {
      const result = update({ _id: 1, a: 2 ** 40 + 1 }, { $bit: { a: { and: 2 ** 40 } } });
      expect(result.document.a).to.equal(2 ** 40);
    });
  });

  describe('$rename', () => {
    it('when the source exists, moves its value to the destination', () => {
      const result = update({ _id: 1, a: 1, b: 2 }, { $rename: { a: 'c' } });
      expect(result.document).to.deep.equal({ _id: 1, b: 2, c: 1 });
      expect(result.modified).to.equal(true);
    });

    it('when the source is missing, changes nothing', () => {
      expect(update({ _id: 1, b: 2 }, { $rename: { a: 'c' } }).modified).to.equal(false);
    });

    it('when the destination exists, overwrites it in place', () => {
      const result = update({ _id: 1, x: 1, y: 2, z: 3 }, { $rename: { z: 'x' } });
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'x', 'y']);
      expect(result.document.x).to.equal(3);
    });

    it('when the destination is dotted, creates its embedded documents', () => {
      const result = update({ _id: 1, a: { b: 1 } }, { $rename: { 'a.b': 'c.d' } });
      expect(result.document).to.deep.equal({ _id: 1, a: {}, c: { d: 1 } });
    });

    it('when the source is an array element, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1, a: [{ b: 1 }] }, { $rename: { 'a.0.b': 'c' } }),
        2,
        "The source field cannot be an array element, 'a.0.b' in doc with _id: 1 has an array field called 'a'",
      );
    });

    it('when the destination is inside an array, fails with 2 BadValue', () => {
      expectServerError(() => update({ _id: 1, a: 1, b: [{}] }, { $rename: { a: 'b.0.c' } }), 2);
    });

    it('when source and target are the same, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $rename: { a: 'a' } }),
        2,
        'The source and target field for $rename must differ: a: "a"',
      );
    });

    it('when one path contains the other, fails with 2 BadValue', () => {
      expectServerError(() => update({ _id: 1 }, { $rename: { a: 'a.b' } }), 2);
    });

    it('when the target is not a string, fails with 2 BadValue', () => {
      expectServerError(
        () => update({ _id: 1 }, { $rename: { a: 5 } }),
        2,
        "The 'to' field for $rename must be a string: a: 5",
      );
    });

    it('when the source is _id, fails with 66 ImmutableField', () => {
      expectServerError(() => update({ _id: 1 }, { $rename: { _id: 'x' } }), 66);
    });

    it('when another operator touches the destination, fails with 40 ConflictingUpdateOperators', () => {
      expectServerError(() => update({ _id: 1 }, { $rename: { a: 'b' }, $set: { b: 1 } }), 40);
    });
  });

  describe('field order', () => {
    it('when creating several fields, appends them in lexicographic order of their names', () => {
      const result = update({ _id: 1 }, { $set: { b: 1, a: 1 }, $inc: { c: 1 } });
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'a', 'b', 'c']);
    });

    it('when some fields exist, keeps them in place and appends only the new ones', () => {
      const result = update({ _id: 1, z: 0, m: 0 }, { $set: { y: 1, z: 1, a: 1 } });
      expect(Object.keys(result.document)).to.deep.equal(['_id', 'z', 'm', 'a', 'y']);
    });

    it('when nested fields are created, orders them within their parent', () => {
      const result = update({ _id: 1 }, { $set: { 'p.q': 1, 'p.b': 1, 'p.a.c': 1 } });
      expect(Object.keys(result.document.p as Document)).to.deep.equal(['a', 'b', 'q']);
    });
  });
});
