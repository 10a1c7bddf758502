import type { ErrorRequestHandler, NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { isAppError } from '../errors/app-error.js';
import type { AppError, AppErrorKind } from '../errors/app-error.js';
import { assertNever } from '../errors/assert-never.js';
import {
  InputError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitError,
  UnavailableError,
  UnsupportedMediaTypeError,
} from '../errors/errors.js';
import { requestLogEnabled, requestLoggerOf } from './request-context.js';

/** The one place where error kinds become HTTP statuses. */
export function httpStatusOf(kind: AppErrorKind): number {
  switch (kind) {
    case 'input':
      return 400;
    case 'authentication':
      return 401;
    case 'forbidden':
      return 403;
    case 'not-found':
      return 404;
    case 'conflict':
      return 409;
    case 'payload-too-large':
      return 413;
    case 'unsupported-media-type':
      return 415;
    case 'unprocessable':
      return 422;
    case 'rate-limit':
      return 429;
    case 'unavailable':
      return 503;
    case 'internal':
      return 500;
    default:
      return assertNever(kind, 'error kind');
  }
}

/** The JSON error body every route answers with. */
export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: unknown };
}

function statusOfForeign(error: unknown): number | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const status: unknown =
    'status' in error ? error.status : 'statusCode' in error ? error.statusCode : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Express and its helpers throw http-errors (e.g. a bad %-escape in a path); their text is not ours to show. */
function fromForeignClientError(status: number): AppError {
  switch (status) {
    case 404:
      return new NotFoundError('Not found', { code: 'HTTP_NOT_FOUND' });
    case 413:
      return new PayloadTooLargeError();
    case 415:
      return new UnsupportedMediaTypeError();
    default:
      return new InputError('Malformed request', { code: 'HTTP_BAD_REQUEST' });
  }
}

function setRetryAfter(res: Response, retryAfterMs: number | undefined): void {
  if (retryAfterMs !== undefined)
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
}

function bodyOf(error: AppError, status: number): ErrorBody {
  // 5xx text may describe internals; the code is enough to correlate with the logged error.
  const message = status >= 500 && error.kind === 'internal' ? 'Internal server error' : error.message;
  return {
    error:
      error.details === undefined
        ? { code: error.code, message }
        : { code: error.code, message, details: error.details },
  };
}

/**
 * Maps every error to `{error:{code,message,details?}}` and its status. Unknown errors become
 * 500 `INTERNAL` with the stack logged, never sent.
 */
export function errorMiddleware(fallback: Logger): ErrorRequestHandler {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const log = () => requestLoggerOf(res, fallback);
    if (res.headersSent) {
      log().error({ err: error }, 'error after the response started; connection closed');
      res.destroy();
      return;
    }
    const foreignStatus = isAppError(error) ? undefined : statusOfForeign(error);
    const appError = isAppError(error)
      ? error
      : foreignStatus === undefined
        ? undefined
        : fromForeignClientError(foreignStatus);
    if (appError === undefined) {
      log().error({ err: error }, 'unhandled error');
      res
        .status(500)
        .json({ error: { code: 'INTERNAL', message: 'Internal server error' } } satisfies ErrorBody);
      return;
    }
    const status = httpStatusOf(appError.kind);
    if (status >= 500) log().error({ err: appError }, 'request failed');
    else if (requestLogEnabled(res, fallback, 'debug'))
      log().debug({ code: appError.code }, 'request rejected');
    if (appError instanceof RateLimitError || appError instanceof UnavailableError)
      setRetryAfter(res, appError.retryAfterMs);
    if (status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
    res.status(status).json(bodyOf(appError, status));
  };
}

/** JSON 404 for anything no route matched. */
export function notFoundHandler(req: Request): never {
  const path = req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path;
  throw new NotFoundError(`No route for ${req.method} ${path}`, { code: 'HTTP_NOT_FOUND' });
}
