import type { NextFunction, Request, Response } from 'express';
import { InputError } from '../errors/errors.js';
import type { FieldIssue } from '../errors/errors.js';

const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export const MAX_BODY_DEPTH = 32;

function keyProblem(key: string): string | undefined {
  if (PROTOTYPE_KEYS.has(key)) return `"${key}" is not allowed as a key`;
  if (key.startsWith('$')) return 'keys must not start with "$"';
  if (key.includes('.')) return 'keys must not contain "."';
  if (key.includes('\0')) return 'keys must not contain NUL';
  return undefined;
}

function reject(where: 'body' | 'query', path: string, message: string): never {
  const issue: FieldIssue = { in: where, path, message };
  throw new InputError(`Field "${path}" in ${where}: ${message}`, {
    code: 'INPUT_FORBIDDEN_KEY',
    details: [issue],
  });
}

/**
 * Walks a parsed JSON body without recursion (a deep body cannot blow the stack) and refuses
 * keys that could reach MongoDB as operators or paths, or pollute prototypes.
 */
export function assertSafeBody(body: unknown): void {
  if (body === null || typeof body !== 'object') return;
  const stack: [unknown, string, number][] = [[body, '', 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [value, path, depth] = next;
    if (depth > MAX_BODY_DEPTH) {
      throw new InputError(`Request body is nested deeper than ${MAX_BODY_DEPTH} levels`, {
        code: 'INPUT_TOO_DEEP',
      });
    }
    const entries: [string, unknown][] = Array.isArray(value)
      ? value.map((item, index) => [String(index), item])
      : Object.entries(value as object);
    for (const [key, child] of entries) {
      const childPath = path === '' ? key : `${path}.${key}`;
      const problem = Array.isArray(value) ? undefined : keyProblem(key);
      if (problem !== undefined) reject('body', childPath, problem);
      if (child !== null && typeof child === 'object') stack.push([child, childPath, depth + 1]);
    }
  }
}

/**
 * Query keys are checked segment by segment, so `filter[$gt]` and `a.b` are refused whatever
 * query parser is configured.
 */
export function assertSafeQuery(query: Readonly<Record<string, unknown>>): void {
  for (const key of Object.keys(query)) {
    for (const segment of key.split(/[[\]]/)) {
      if (segment === '') continue;
      const problem = keyProblem(segment);
      if (problem !== undefined) reject('query', key, problem);
    }
  }
}

/**
 * Meta's webhook handshake names its parameters `hub.mode`, `hub.verify_token` and
 * `hub.challenge`; under `/webhooks/` those three keys (and only those) are let through.
 */
const WEBHOOK_HANDSHAKE_KEYS = new Set(['hub.mode', 'hub.verify_token', 'hub.challenge']);

function queryToCheck(req: Request): Record<string, unknown> {
  const query = req.query as Record<string, unknown>;
  if (!req.path.startsWith('/webhooks/')) return query;
  return Object.fromEntries(Object.entries(query).filter(([key]) => !WEBHOOK_HANDSHAKE_KEYS.has(key)));
}

export function keyGuardMiddleware(req: Request, _res: Response, next: NextFunction): void {
  assertSafeQuery(queryToCheck(req));
  assertSafeBody(req.body);
  next();
}
