/** Helpers shared by the expression unit tests. */
import { expect } from 'chai';
import { MongoServerError } from '../../errors.js';
import { evaluateExpression } from '../expression.js';

export function ev(expression: unknown, doc: Record<string, unknown> = {}): unknown {
  return evaluateExpression(expression, doc);
}

export function expectCode(run: () => unknown, code: number, message?: string): void {
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
