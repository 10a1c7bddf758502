import type { Response } from 'express';
import type { Logger } from 'pino';
import { withLogContext } from '../logging/logger.js';
import type { LogContext } from '../logging/logger.js';

// Per-request values live in `res.locals` (created fresh per request by Express), never on
// `req` and never in module state; these accessors keep the untyped bag in one place.

export function setRequestContext(res: Response, requestId: string, log: Logger): void {
  res.locals.requestId = requestId;
  res.locals.log = log;
}

export function requestIdOf(res: Response): string {
  const value: unknown = res.locals.requestId;
  return typeof value === 'string' ? value : 'unknown';
}

/** The request's logger (carrying requestId, and tenantId/userId once auth bound them). */
export function requestLoggerOf(res: Response, fallback: Logger): Logger {
  const value: unknown = res.locals.log;
  return value !== null && typeof value === 'object' && 'child' in value ? (value as Logger) : fallback;
}

/** Auth calls this once it knows the tenant and user, so later lines carry them. */
export function bindRequestLogContext(
  res: Response,
  context: Omit<LogContext, 'requestId'>,
  fallback: Logger,
): Logger {
  const log = withLogContext(requestLoggerOf(res, fallback), context);
  res.locals.log = log;
  return log;
}

/** The route template recorded for metrics and logs (`/api/v1/campaigns/:id`). */
export function setRouteTemplate(res: Response, template: string): void {
  res.locals.routeTemplate = template;
}
