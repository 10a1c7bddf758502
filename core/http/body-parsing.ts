import express from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { InputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/errors.js';
import type { AppError } from '../errors/app-error.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** A body that is not JSON is refused before any byte of it is read. */
function requireJsonBody(req: Request, _res: Response, next: NextFunction): void {
  if (hasBody(req) && req.is(JSON_TYPES) === false) {
    throw new UnsupportedMediaTypeError('Request bodies must be application/json');
  }
  next();
}

/** body-parser signals failures with a `type` string; the rest of the app speaks AppError. */
function translate(error: { type: string }, limitBytes: number): AppError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new PayloadTooLargeError(`Request body exceeds the limit of ${limitBytes} bytes`);
    case 'entity.parse.failed':
      return new InputError('Request body is not valid JSON', { code: 'HTTP_MALFORMED_JSON' });
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new UnsupportedMediaTypeError('Unsupported body encoding or charset');
    case 'request.aborted':
    case 'request.size.invalid':
      return new InputError('Request body was incomplete', { code: 'HTTP_BODY_INCOMPLETE' });
    default:
      return undefined;
  }
}

function isBodyParserError(error: unknown): error is { type: string } {
  return error instanceof Error && 'type' in error && typeof error.type === 'string';
}

/** Content-type check, the JSON parser with a size limit, and its errors as AppErrors. */
export function jsonBodyParsing(limitBytes: number): (RequestHandler | ErrorRequestHandler)[] {
  const translateErrors: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
    next((isBodyParserError(error) && translate(error, limitBytes)) || error);
  };
  return [
    requireJsonBody,
    express.json({ limit: limitBytes, strict: true, type: JSON_TYPES }),
    translateErrors,
  ];
}
