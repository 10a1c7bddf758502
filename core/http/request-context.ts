import type { Response } from 'express';
import type { Level, Logger } from 'pino';
import { withLogContext } from '../logging/logger.js';
import type { LogContext } from '../logging/logger.js';

// Per-request values live in `res.locals` (created fresh per request by Express), never on
// `req` and never in module state; these accessors keep the untyped bag in one place.

/**
 * The request's correlation ids before anything logged: a pino child costs a few
 * microseconds and most requests at level info or above never log more than their one
 * completion line, so the child is made on first use (and kept).
 */
interface PendingLogContext {
  readonly base: Logger;
  readonly context: { -readonly [K in keyof LogContext]: LogContext[K] };
}

const LOG = 'log';
const PENDING_LOG = 'pendingLogContext';

export function setRequestContext(res: Response, requestId: string, log: Logger): void {
  res.locals.requestId = requestId;
  const pending: PendingLogContext = { base: log, context: { requestId } };
  res.locals[PENDING_LOG] = pending;
  res.locals[LOG] = undefined;
}

export function requestIdOf(res: Response): string {
  const value: unknown = res.locals.requestId;
  return typeof value === 'string' ? value : 'unknown';
}

function isLogger(value: unknown): value is Logger {
  return value !== null && typeof value === 'object' && 'child' in value;
}

function pendingOf(res: Response): PendingLogContext | undefined {
  const value: unknown = res.locals[PENDING_LOG];
  return value !== null && typeof value === 'object' && 'base' in value && 'context' in value
    ? (value as PendingLogContext)
    : undefined;
}

/** The request's logger (carrying requestId, and tenantId/userId once auth bound them). */
export function requestLoggerOf(res: Response, fallback: Logger): Logger {
  const value: unknown = res.locals[LOG];
  if (isLogger(value)) return value;
  const pending = pendingOf(res);
  if (pending === undefined) return fallback;
  const log = withLogContext(pending.base, pending.context);
  res.locals[LOG] = log;
  res.locals[PENDING_LOG] = undefined;
  return log;
}

/** Whether a line at `level` would be written, without making the request's child logger. */
export function requestLogEnabled(res: Response, fallback: Logger, level: Level): boolean {
  const value: unknown = res.locals[LOG];
  if (isLogger(value)) return value.isLevelEnabled(level);
  return (pendingOf(res)?.base ?? fallback).isLevelEnabled(level);
}

/** Auth calls this once it knows the tenant and user, so later lines carry them. */
export function bindRequestLogContext(
  res: Response,
  context: Omit<LogContext, 'requestId'>,
  fallback: Logger,
): void {
  const pending = pendingOf(res);
  const current: unknown = res.locals[LOG];
  if (pending !== undefined && !isLogger(current)) {
    if (context.tenantId !== undefined) pending.context.tenantId = context.tenantId;
    if (context.userId !== undefined) pending.context.userId = context.userId;
    return;
  }
  res.locals[LOG] = withLogContext(requestLoggerOf(res, fallback), context);
}

/** The route template recorded for metrics and logs (`/api/v1/campaigns/:id`). */
export function setRouteTemplate(res: Response, template: string): void {
  res.locals.routeTemplate = template;
}
