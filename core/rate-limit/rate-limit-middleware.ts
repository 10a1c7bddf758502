import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimitError } from '../errors/errors.js';
import type { RateLimitDecision, RateLimiters } from './rate-limiters.js';

/** Which key identifies the caller in each scope; scopes without a key are not counted. */
export type RateLimitKeyResolver<S extends string> = (
  req: Request,
  res: Response,
) => Partial<Record<S, string | undefined>>;

/** Rejections outrank allowances; the longest wait among rejections, the fewest points left otherwise. */
function isWorse(candidate: RateLimitDecision, current: RateLimitDecision): boolean {
  if (candidate.allowed !== current.allowed) return !candidate.allowed;
  return candidate.allowed ? candidate.remaining < current.remaining : candidate.resetMs > current.resetMs;
}

function mostRestrictiveIndex(decisions: readonly RateLimitDecision[]): number {
  let chosen = -1;
  for (let index = 0; index < decisions.length; index += 1) {
    const candidate = decisions[index];
    const current = decisions[chosen];
    if (candidate !== undefined && (current === undefined || isWorse(candidate, current))) chosen = index;
  }
  return chosen;
}

/**
 * Counts the request in every scope the resolver names and answers 429 (through
 * RateLimitError, so the error middleware sets `Retry-After`) when any scope is exhausted.
 * `RateLimit-Limit/Remaining/Reset` describe the most restrictive scope on every response.
 */
export function rateLimitMiddleware<S extends string>(
  limiters: RateLimiters<S>,
  resolveKeys: RateLimitKeyResolver<S>,
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const keys = resolveKeys(req, res);
    const scopes: S[] = [];
    const pending: Promise<RateLimitDecision>[] = [];
    for (const scope in keys) {
      const key = keys[scope];
      if (key === undefined) continue;
      scopes.push(scope);
      pending.push(limiters.consume(scope, key));
    }
    const decisions = await Promise.all(pending);
    const index = mostRestrictiveIndex(decisions);
    const shown = decisions[index];
    if (shown === undefined) return next();
    res.setHeader('RateLimit-Limit', String(shown.limit));
    res.setHeader('RateLimit-Remaining', String(shown.remaining));
    res.setHeader('RateLimit-Reset', String(Math.ceil(shown.resetMs / 1000)));
    if (!shown.allowed) {
      throw new RateLimitError('Too many requests', {
        retryAfterMs: shown.resetMs,
        details: { scope: scopes[index] },
      });
    }
    next();
  };
}
