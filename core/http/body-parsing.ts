import express from 'express';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { InputError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors/errors.js';
import type { AppError } from '../errors/app-error.js';

const JSON_TYPES = ['application/json', 'application/*+json'];

/** Webhooks authenticate the bytes as received (an HMAC of the raw body), not the parsed JSON. */
const WEBHOOK_PATH_PREFIX = '/webhooks/';
const rawBodies = new WeakMap<object, Buffer>();

/** The raw bytes of a JSON body under `/webhooks/`, for signature checks; `undefined` elsewhere. */
export function rawBodyOf(req: Request): Buffer | undefined {
  return rawBodies.get(req);
}

function keepWebhookRawBody(req: { url?: string | undefined }, _res: unknown, buffer: Buffer): void {
  if (req.url?.startsWith(WEBHOOK_PATH_PREFIX) === true) rawBodies.set(req, buffer);
}

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && length !== '0';
}

/** type-is's test, which body-parser applies: `Content-Length: 0` counts (an empty JSON body is `{}`). */
function announcesBody(req: Request): boolean {
  return req.headers['transfer-encoding'] !== undefined || req.headers['content-length'] !== undefined;
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

/** The content-type check and the JSON parser with a size limit, and what turns its errors into AppErrors. */
export function jsonBodyParsing(limitBytes: number): {
  readonly parse: readonly RequestHandler[];
  readonly translateErrors: ErrorRequestHandler;
} {
  const translateErrors: ErrorRequestHandler = (error: unknown, _req, _res, next) => {
    next((isBodyParserError(error) && translate(error, limitBytes)) || error);
  };
  const parseJson = express.json({
    limit: limitBytes,
    strict: true,
    type: JSON_TYPES,
    verify: keepWebhookRawBody,
  });
  // Most requests (GET, DELETE) announce no body at all; they skip the parser's own checks.
  const parseDeclaredBody: RequestHandler = (req, res, next) =>
    announcesBody(req) ? parseJson(req, res, next) : next();
  return { parse: [requireJsonBody, parseDeclaredBody], translateErrors };
}
