import { expect } from 'chai';
import { InputError } from '../errors/errors.js';
import type { FieldIssue } from '../errors/errors.js';
import { assertSafeBody, assertSafeQuery, MAX_BODY_DEPTH } from './key-guard.js';

function refusal(action: () => void): InputError {
  try {
    action();
  } catch (error) {
    expect(error).to.be.instanceOf(InputError);
    return error as InputError;
  }
  throw new Error('expected an InputError');
}

describe('key guard', () => {
  it('when a body has only ordinary keys and $-strings as values, it passes', () => {
    expect(() =>
      assertSafeBody({ name: 'x', price: '$10', tags: ['$a'], nested: { ok: [{ deep: true }] } }),
    ).not.to.throw();
    expect(() => assertSafeBody(undefined)).not.to.throw();
    expect(() => assertSafeBody('string')).not.to.throw();
  });

  it('when a body has an operator object, refuses it naming the field path', () => {
    const error = refusal(() => assertSafeBody({ email: { $gt: '' } }));
    expect(error.code).to.equal('INPUT_FORBIDDEN_KEY');
    expect(error.details).to.deep.equal([
      { in: 'body', path: 'email.$gt', message: 'keys must not start with "$"' },
    ] satisfies FieldIssue[]);
  });

  it('when $where hides inside an array, the path names the index', () => {
    const error = refusal(() => assertSafeBody({ filters: [{ ok: 1 }, { $where: 'sleep(1000)' }] }));
    expect((error.details as FieldIssue[])[0]?.path).to.equal('filters.1.$where');
  });

  it('when a body has a dotted key, refuses it', () => {
    expect(refusal(() => assertSafeBody({ 'profile.role': 'admin' })).message).to.include('"profile.role"');
  });

  for (const key of ['__proto__', 'constructor', 'prototype']) {
    it(`when a body has a "${key}" key (as JSON.parse makes it), refuses it`, () => {
      const body: unknown = JSON.parse(`{"a":{"${key}":{"isAdmin":true}}}`);
      expect((refusal(() => assertSafeBody(body)).details as FieldIssue[])[0]?.path).to.equal(`a.${key}`);
    });
  }

  it('when a body is nested deeper than the limit, refuses it without recursing', () => {
    let deep: unknown = 1;
    for (let level = 0; level < MAX_BODY_DEPTH + 2; level += 1) deep = { a: deep };
    expect(refusal(() => assertSafeBody(deep)).code).to.equal('INPUT_TOO_DEEP');
    let veryDeep: unknown = 1;
    for (let level = 0; level < 100_000; level += 1) veryDeep = [veryDeep];
    expect(refusal(() => assertSafeBody(veryDeep)).code).to.equal('INPUT_TOO_DEEP');
  });

  it('when query keys are ordinary, they pass', () => {
    expect(() => assertSafeQuery({ limit: '10', cursor: 'abc', sort: 'a.b', q: '$where' })).not.to.throw();
  });

  for (const key of ['$where', 'a.b', 'filter[$gt]', 'user[__proto__]', 'constructor', 'x[y.z]']) {
    it(`when a query key is "${key}", refuses it`, () => {
      const error = refusal(() => assertSafeQuery({ [key]: '1' }));
      expect(error.details).to.have.nested.property('[0].in', 'query');
      expect(error.details).to.have.nested.property('[0].path', key);
    });
  }
});
