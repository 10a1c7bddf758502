import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { redactUrl } from '../logging/redaction.js';
import { routeTemplateOf } from '../observability/metrics.js';
import { requestLoggerOf } from './request-context.js';

// Probes hit these every few seconds; at info they would drown the real traffic.
const QUIET_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/**
 * One line per finished request: method, URL (credential-like query values masked), route
 * template, status, duration. 5xx log at error, 4xx at warn; IPs and user agents are left to
 * the audit log, which has a retention policy.
 */
export function requestLoggingMiddleware(fallback: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const finish = (aborted: boolean) => {
      const log = requestLoggerOf(res, fallback);
      const fields = {
        method: req.method,
        url: redactUrl(req.originalUrl),
        route: routeTemplateOf(req, res),
        statusCode: res.statusCode,
        responseTimeMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      };
      if (aborted) log.warn(fields, 'request aborted');
      else if (res.statusCode >= 500) log.error(fields, 'request failed');
      else if (res.statusCode >= 400) log.warn(fields, 'request rejected');
      else if (QUIET_PATHS.has(req.path)) log.debug(fields, 'request completed');
      else log.info(fields, 'request completed');
    };
    res.once('finish', () => finish(false));
    res.once('close', () => {
      if (!res.writableFinished) finish(true);
    });
    next();
  };
}
