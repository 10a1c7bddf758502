import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

type HttpLabel = 'method' | 'route' | 'status_code';

/** Per-app metrics: a private registry, so two apps in one process never clash. */
export interface AppMetrics {
  readonly registry: Registry;
  readonly httpRequestDuration: Histogram<HttpLabel>;
}

export interface MetricsOptions {
  /** CPU, memory, event-loop lag, GC, handles (prom-client's default set). */
  readonly collectDefault?: boolean;
  readonly defaultLabels?: Readonly<Record<string, string>>;
}

/** Label for requests no route matched: one value, so scanners cannot explode cardinality. */
export const UNMATCHED_ROUTE = '<unmatched>';

export function createMetrics(options: MetricsOptions = {}): AppMetrics {
  const registry = new Registry();
  if (options.defaultLabels !== undefined) registry.setDefaultLabels({ ...options.defaultLabels });
  if (options.collectDefault !== false) collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram<HttpLabel>({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return { registry, httpRequestDuration };
}

/**
 * The route template of a request (`/api/v1/campaigns/:id`), never its concrete path. Routes
 * made with defineRoute record it in `res.locals.routeTemplate`; plain Express routes fall back
 * to `baseUrl + route.path`.
 */
export function routeTemplateOf(req: Request, res: Response): string {
  const recorded: unknown = res.locals.routeTemplate;
  if (typeof recorded === 'string') return recorded;
  const route: unknown = req.route;
  if (route !== null && typeof route === 'object' && 'path' in route && typeof route.path === 'string') {
    return `${req.baseUrl}${route.path}`;
  }
  return UNMATCHED_ROUTE;
}

/** Observes each finished response in the duration histogram. */
export function httpMetricsMiddleware(metrics: AppMetrics): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.httpRequestDuration.observe(
        { method: req.method, route: routeTemplateOf(req, res), status_code: String(res.statusCode) },
        seconds,
      );
    });
    next();
  };
}
