import { expect } from 'chai';
import { Decimal128, Long, MinKey } from 'bson';
import { MongoServerError } from '../errors.js';
import { compileExpression, evaluateExpression, isExpressionOperator, isTruthy } from './expression.js';

function expectCode(run: () => unknown, code: number, message?: string): void {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(MongoServerError);
    expect((error as MongoServerError).code).to.equal(code);
    if (message !== undefined) expect((error as MongoServerError).message).to.equal(message);
    return;
  }
  expect.fail(`expected error ${code}`);
}

describe('aggregate expressions: core', () => {
  describe('field paths', () => {
    const doc = { a: { b: { c: 5 } }, arr: [{ b: 1 }, { c: 2 }, { b: [3] }, 7, [{ b: 9 }]], n: null };

    it('when a dotted path names nested documents, reads the leaf', () => {
      expect(evaluateExpression('$a.b.c', doc)).to.equal(5);
    });

    it('when a path crosses an array of documents, collects the non-missing values', () => {
      expect(evaluateExpression('$arr.b', doc)).to.deep.equal([1, [3]]);
    });

    it('when a path ends at a missing field, the result is missing', () => {
      expect(evaluateExpression('$a.x.y', doc)).to.equal(undefined);
      expect(evaluateExpression('$n.x', doc)).to.equal(undefined);
    });

    it('when a path descends into a scalar or a Date, the result is missing', () => {
      expect(evaluateExpression('$a.b.c.d', doc)).to.equal(undefined);
      expect(evaluateExpression('$d.getTime', { d: new Date(0) })).to.equal(undefined);
    });

    it('when a field name shadows an Object.prototype member, only own fields are read', () => {
      expect(evaluateExpression('$constructor', {})).to.equal(undefined);
      expect(evaluateExpression('$x.toString', { x: {} })).to.equal(undefined);
      expect(evaluateExpression('$constructor', { constructor: 1 })).to.equal(1);
    });

    it('when the path is only "$", fails with 16872', () => {
      expectCode(() => compileExpression('$'), 16872, "'$' by itself is not a valid FieldPath");
    });

    it('when a path component is empty or starts with $, fails with 15998 / 16410', () => {
      expectCode(() => compileExpression('$a..b'), 15998);
      expectCode(() => compileExpression('$a.$b'), 16410);
    });

    it('when a path uses a DBRef field ($id), it is allowed', () => {
      expect(evaluateExpression('$ref.$id', { ref: { $ref: 'c', $id: 4 } })).to.equal(4);
    });
  });

  describe('variables', () => {
    it('when $$ROOT and $$CURRENT are used, both are the document', () => {
      const doc = { a: 1 };
      expect(evaluateExpression('$$ROOT', doc)).to.equal(doc);
      expect(evaluateExpression('$$CURRENT.a', doc)).to.equal(1);
    });

    it('when $$REMOVE is a field value, the field is omitted', () => {
      expect(evaluateExpression({ a: '$$REMOVE', b: 1 }, {})).to.deep.equal({ b: 1 });
    });

    it('when $$NOW is supplied, it is used; otherwise one time is fixed per compilation', () => {
      const now = new Date('2020-01-01T00:00:00Z');
      expect(evaluateExpression('$$NOW', {}, { NOW: now })).to.equal(now);
      const compiled = compileExpression(['$$NOW', '$$NOW']);
      const [first, second] = compiled({}, {}) as Date[];
      expect(first).to.be.instanceOf(Date);
      expect(first).to.equal(second);
    });

    it('when a user variable is passed in, $$name and $$name.path read it', () => {
      expect(evaluateExpression('$$limit.max', {}, { limit: { max: 3 } })).to.equal(3);
    });

    it('when variables are layered with a prototype chain, inherited user variables are visible', () => {
      const layered = Object.create({ outer: 1 }) as Record<string, unknown>;
      layered.inner = 2;
      expect(evaluateExpression(['$$outer', '$$inner'], {}, layered)).to.deep.equal([1, 2]);
      expectCode(() => evaluateExpression('$$constructor', {}, layered), 17276);
    });

    it('when a variable is undefined, fails with 17276', () => {
      expectCode(() => evaluateExpression('$$nope', {}), 17276, 'Use of undefined variable: nope');
      expectCode(() => compileExpression('$$FOO'), 17276);
    });

    it('when $let binds variables, the body sees them and definitions see the outer scope', () => {
      const expr = { $let: { vars: { x: 2, y: '$a' }, in: { $let: { vars: { x: { $add: ['$$x', 1] } }, in: ['$$x', '$$y'] } } } };
      expect(evaluateExpression(expr, { a: 'A' })).to.deep.equal([3, 'A']);
    });

    it('when $let rebinds CURRENT, bare field paths read the new document', () => {
      expect(evaluateExpression({ $let: { vars: { CURRENT: '$inner' }, in: '$x' } }, { inner: { x: 9 }, x: 1 })).to.equal(9);
    });

    it('when a $let variable name starts with an uppercase letter, fails with 16867', () => {
      expectCode(() => compileExpression({ $let: { vars: { Bad: 1 }, in: 1 } }), 16867);
    });

    it('when $let lacks vars or in, fails with 16876 / 16877', () => {
      expectCode(() => compileExpression({ $let: { in: 1 } }), 16876);
      expectCode(() => compileExpression({ $let: { vars: {} } }), 16877);
    });

    it('when $$DESCEND, $$PRUNE and $$KEEP are read, they evaluate to their $redact strings', () => {
      expect(evaluateExpression(['$$DESCEND', '$$PRUNE', '$$KEEP'], {})).to.deep.equal(['descend', 'prune', 'keep']);
    });
  });

  describe('literals, objects and arrays', () => {
    it('when a string does not start with $, it is a literal', () => {
      expect(evaluateExpression('abc', {})).to.equal('abc');
    });

    it('when $literal wraps a $-string or an operator-looking object, it is returned unparsed', () => {
      expect(evaluateExpression({ $literal: '$a' }, { a: 1 })).to.equal('$a');
      expect(evaluateExpression({ $literal: { $add: [1, 2] } }, {})).to.deep.equal({ $add: [1, 2] });
    });

    it('when an array expression has a missing element, the element becomes null', () => {
      expect(evaluateExpression(['$a', '$missing', 3], { a: 1 })).to.deep.equal([1, null, 3]);
    });

    it('when an embedded document field evaluates to missing, the field is omitted', () => {
      expect(evaluateExpression({ x: '$a', y: { z: '$missing' } }, { a: 1 })).to.deep.equal({ x: 1, y: {} });
    });

    it('when an object mixes a field and a $-key, fails with 16410', () => {
      expectCode(() => compileExpression({ a: 1, $add: [1] }), 16410);
    });

    it('when an operator object has a second key, fails with 15983', () => {
      expectCode(() => compileExpression({ $add: [1, 2], b: 1 }), 15983);
    });

    it('when an embedded field name contains a dot, fails with 16412', () => {
      expectCode(() => compileExpression({ 'a.b': 1 }), 16412);
    });

    it('when an operator is unknown, fails with 168 InvalidPipelineOperator', () => {
      expectCode(() => compileExpression({ $foo: 1 }), 168, "Unrecognized expression '$foo'");
    });

    it('when a fixed-arity operator gets the wrong count, fails with 16020 and MongoDB\'s message', () => {
      expectCode(() => compileExpression({ $eq: [1] }), 16020, 'Expression $eq takes exactly 2 arguments. 1 were passed in.');
    });

    it('when an expression object is compiled once, it can be evaluated against many documents', () => {
      const compiled = compileExpression({ $multiply: ['$a', 2] });
      expect([1, 2, 3].map((a) => compiled({ a }, {}))).to.deep.equal([2, 4, 6]);
    });

    it('when asked, isExpressionOperator knows registered operator names', () => {
      expect(isExpressionOperator('$dateTrunc')).to.equal(true);
      expect(isExpressionOperator('$group')).to.equal(false);
    });
  });

  describe('isTruthy', () => {
    it('when the value is false, null, missing or numeric zero, it is false', () => {
      for (const value of [false, null, undefined, 0, -0, Long.fromInt(0), Decimal128.fromString('0.00')]) {
        expect(isTruthy(value), String(value)).to.equal(false);
      }
    });

    it('when the value is an empty string, empty array, NaN or MinKey, it is true', () => {
      for (const value of ['', [], {}, Number.NaN, new MinKey(), Decimal128.fromString('0.1')]) {
        expect(isTruthy(value), String(value)).to.equal(true);
      }
    });
  });
});
