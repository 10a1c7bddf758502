import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { redactUrl } from '../logging/redaction.js';
import { routeTemplateOf } from '../observability/metrics.js';
import { requestLogEnabled, requestLoggerOf } from './request-context.js';

// Probes hit these every few seconds; at info they would drown the real traffic.
const QUIET_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

const ABORTED = { level: 'warn', message: 'request aborted' } as const;
const FAILED = { level: 'error', message: 'request failed' } as const;
const REJECTED = { level: 'warn', message: 'request rejected' } as const;
const COMPLETED_QUIETLY = { level: 'debug', message: 'request completed' } as const;
const COMPLETED = { level: 'info', message: 'request completed' } as const;

/**
 * One line per finished request: method, URL (credential-like query values masked), route
 * template, status, duration. 5xx log at error, 4xx at warn; IPs and user agents are left to
 * the audit log, which has a retention policy.
 */
export function requestLoggingMiddleware(fallback: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const finish = (aborted: boolean) => {
      const status = res.statusCode;
      const { level, message } = aborted
        ? ABORTED
        : status >= 500
          ? FAILED
          : status >= 400
            ? REJECTED
            : QUIET_PATHS.has(req.path)
              ? COMPLETED_QUIETLY
              : COMPLETED;
      // Checked first, so a level that is off costs neither the fields nor the child logger.
      if (!requestLogEnabled(res, fallback, level)) return;
      requestLoggerOf(res, fallback)[level](
        {
          method: req.method,
          url: redactUrl(req.originalUrl),
          route: routeTemplateOf(req, res),
          statusCode: status,
          responseTimeMs: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
        },
        message,
      );
    };
    // 'close' follows 'finish' on every response, and comes alone when the client went away.
    res.once('close', () => finish(!res.writableFinished));
    next();
  };
}
