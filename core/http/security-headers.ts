import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

export interface SecurityHeaders {
  readonly set: readonly (readonly [name: string, value: string | readonly string[]])[];
  readonly removed: readonly string[];
}

/**
 * The headers helmet's defaults set, read once by running helmet against a response that
 * is never sent. Helmet stays the source of truth for the values; requests pay for one
 * middleware instead of its twelve.
 */
export function helmetDefaultHeaders(): SecurityHeaders {
  const res = new ServerResponse(new IncomingMessage(new Socket()));
  const set = new Map<string, string | readonly string[]>();
  const removed: string[] = [];
  res.setHeader = (name: string, value: number | string | readonly string[]) => {
    set.delete(name);
    set.set(name, typeof value === 'number' ? String(value) : value);
    return res;
  };
  res.removeHeader = (name: string) => {
    removed.push(name);
    set.delete(name);
  };
  let completed = false;
  helmet()(res.req, res, (error?: unknown) => {
    if (error !== undefined && error !== null) throw error;
    completed = true;
  });
  // Static defaults finish synchronously; anything per-request would need helmet itself.
  if (!completed)
    throw new TypeError('helmet did not finish synchronously; its headers cannot be precomputed');
  return { set: [...set], removed };
}

/** One middleware setting the precomputed helmet headers. */
export function securityHeadersMiddleware(headers: SecurityHeaders = helmetDefaultHeaders()): RequestHandler {
  const { set, removed } = headers;
  return (_req: Request, res: Response, next: NextFunction) => {
    for (const name of removed) res.removeHeader(name);
    for (const [name, value] of set) res.setHeader(name, value);
    next();
  };
}

/**
 * A weak ETag like Express's default (`W/"<length hex>-<sha1 base64, 27 chars>"`), for a body
 * computed once: the app turns per-reply ETag hashing off, since API replies are dynamic.
 */
export function weakEtagOf(body: string): string {
  const bytes = Buffer.byteLength(body, 'utf8');
  const hash = createHash('sha1').update(body, 'utf8').digest('base64').slice(0, 27);
  return `W/"${bytes.toString(16)}-${hash}"`;
}
