import { expect } from 'chai';
import { AppError, isAppError } from './app-error.js';
import { assertNever } from './assert-never.js';
import {
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  InputError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  UnavailableError,
  UnprocessableError,
  UnsupportedMediaTypeError,
} from './errors.js';

describe('error hierarchy', () => {
  const cases: readonly [AppError, string, string][] = [
    [new InputError('bad'), 'input', 'INPUT_INVALID'],
    [new AuthenticationError(), 'authentication', 'AUTH_UNAUTHENTICATED'],
    [new ForbiddenError(), 'forbidden', 'AUTH_FORBIDDEN'],
    [new NotFoundError(), 'not-found', 'RESOURCE_NOT_FOUND'],
    [new ConflictError('dup'), 'conflict', 'RESOURCE_CONFLICT'],
    [new PayloadTooLargeError(), 'payload-too-large', 'HTTP_PAYLOAD_TOO_LARGE'],
    [new UnsupportedMediaTypeError(), 'unsupported-media-type', 'HTTP_UNSUPPORTED_MEDIA_TYPE'],
    [new UnprocessableError('no'), 'unprocessable', 'INPUT_UNPROCESSABLE'],
    [new RateLimitError(), 'rate-limit', 'RATE_LIMIT_EXCEEDED'],
    [new UnavailableError(), 'unavailable', 'SERVICE_UNAVAILABLE'],
  ];
  for (const [error, kind, code] of cases) {
    it(`when a ${error.name} is built without a code, it has kind ${kind} and code ${code}`, () => {
      expect(error).to.be.instanceOf(AppError).and.instanceOf(Error);
      expect(error.kind).to.equal(kind);
      expect(error.code).to.equal(code);
      expect(error.name).to.equal(error.constructor.name);
      expect(isAppError(error)).to.equal(true);
    });
  }

  it('when a code, details and cause are given, they are kept', () => {
    const cause = new Error('driver said no');
    const error = new ConflictError('Email taken', {
      code: 'USER_EMAIL_TAKEN',
      details: { field: 'email' },
      cause,
    });
    expect(error.code).to.equal('USER_EMAIL_TAKEN');
    expect(error.details).to.deep.equal({ field: 'email' });
    expect(error.cause).to.equal(cause);
    expect(error.message).to.equal('Email taken');
  });

  for (const code of ['lower_case', 'NOUNDERSCORE', 'TRAILING_', '_LEADING', 'HAS SPACE_X']) {
    it(`when the code is "${code}", construction throws`, () => {
      expect(() => new InputError('x', { code })).to.throw(TypeError, /AREA_WHAT/);
    });
  }

  it('when a RateLimitError has no retryAfterMs, it defaults to one second and never goes negative', () => {
    expect(new RateLimitError().retryAfterMs).to.equal(1000);
    expect(new RateLimitError('x', { retryAfterMs: -5 }).retryAfterMs).to.equal(0);
    expect(new RateLimitError('x', { retryAfterMs: 2500 }).retryAfterMs).to.equal(2500);
  });

  it('when UnavailableError is built without retryAfterMs, it stays undefined', () => {
    expect(new UnavailableError().retryAfterMs).to.equal(undefined);
    expect(new UnavailableError('x', { retryAfterMs: 10 }).retryAfterMs).to.equal(10);
  });

  it('when a plain Error is checked, isAppError is false', () => {
    expect(isAppError(new Error('x'))).to.equal(false);
    expect(isAppError({ code: 'A_B', kind: 'input' })).to.equal(false);
  });

  it('when assertNever is reached, it throws naming the value', () => {
    expect(() => assertNever('surprise' as never, 'kind')).to.throw(TypeError, 'Unexpected kind: surprise');
  });
});
