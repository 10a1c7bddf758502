import express, { Router } from 'express';
import type { Express, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { TrustProxy } from '../config/env-schema.js';
import { AuthenticationError } from '../errors/errors.js';
import { httpMetricsMiddleware } from '../observability/metrics.js';
import { createObservabilityRouter } from '../observability/observability-router.js';
import type { ObservabilityDeps } from '../observability/observability-router.js';
import { jsonBodyParsing } from './body-parsing.js';
import type { RouteDefinition } from './define-route.js';
import { docsPageHandler } from './docs-page.js';
import { errorMiddleware, notFoundHandler } from './error-mapping.js';
import { keyGuardMiddleware } from './key-guard.js';
import { inSequence } from './middleware-sequence.js';
import { buildOpenApiDocument } from './openapi.js';
import type { OpenApiInfo } from './openapi.js';
import { setRouteTemplate } from './request-context.js';
import { requestIdMiddleware } from './request-id.js';
import { requestLoggingMiddleware } from './request-logging.js';
import { securityHeadersMiddleware, weakEtagOf } from './security-headers.js';

export const API_BASE_PATH = '/api/v1';
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** What a route guard sees; it throws AuthenticationError/ForbiddenError to refuse. */
export interface RouteGuardContext {
  readonly req: Request;
  readonly res: Response;
  readonly route: Pick<RouteDefinition, 'method' | 'path' | 'auth' | 'permission' | 'operationId'>;
}
export type RouteGuard = (context: RouteGuardContext) => void | Promise<void>;

export interface HttpAppDeps {
  readonly logger: Logger;
  readonly trustProxy?: TrustProxy;
  readonly bodyLimitBytes?: number;
  readonly routes?: readonly RouteDefinition[];
  /** Runs before every `/api/v1` route in order (auth, tenant context, rate limits). */
  readonly apiMiddleware?: readonly RequestHandler[];
  /** Enforces `auth`/`permission`; without one, every route with `auth: 'required'` answers 401. */
  readonly guard?: RouteGuard;
  readonly observability?: ObservabilityDeps;
  readonly openapi?: OpenApiInfo;
  /** Further top-level routers (admin console, webhooks), mounted before the 404 handler. */
  readonly mount?: (app: Express) => void;
}

const refuseWithoutGuard: RouteGuard = ({ route }) => {
  if (route.auth === 'required') throw new AuthenticationError();
};

function trustProxySetting(value: TrustProxy | undefined): boolean | number | string {
  if (value === undefined) return false;
  return Array.isArray(value) ? value.join(',') : (value as boolean | number);
}

// Router matching is case-insensitive and ignores a trailing slash; so is this test.
const OBSERVABILITY_PATH = /^\/(?:health|metrics)(?:\/|$)/i;

function apiRouter(deps: HttpAppDeps, routes: readonly RouteDefinition[]): Router {
  const router = Router();
  for (const middleware of deps.apiMiddleware ?? []) router.use(middleware);
  const guard = deps.guard ?? refuseWithoutGuard;
  for (const route of routes) {
    const template = `${API_BASE_PATH}${route.path}`;
    router[route.method](route.path, async (req: Request, res: Response) => {
      setRouteTemplate(res, template);
      const guarded = guard({ req, res, route });
      if (guarded instanceof Promise) await guarded;
      await route.handle(req, res, deps.logger);
    });
  }
  return router;
}

/**
 * Builds the Express app without listening or connecting. Everything it holds comes from
 * `deps` or is created here, so two apps in one process never share state.
 */
export function createHttpApp(deps: HttpAppDeps): Express {
  const routes = deps.routes ?? [];
  const info = deps.openapi ?? { title: 'Stratum API', version: '1.0.0' };
  const openapiJson = JSON.stringify(buildOpenApiDocument(routes, info, API_BASE_PATH));
  const openapiEtag = weakEtagOf(openapiJson);
  const app = express();
  app.disable('x-powered-by');
  // API replies are dynamic and rarely revalidated: hashing each one is pure cost. The static
  // documents below carry an ETag computed once.
  app.set('etag', false);
  app.set('trust proxy', trustProxySetting(deps.trustProxy));
  app.set('query parser', 'simple');
  app.set('json escape', true);

  app.use(
    inSequence([
      requestIdMiddleware(deps.logger),
      requestLoggingMiddleware(deps.logger),
      ...(deps.observability?.metrics === undefined
        ? []
        : [httpMetricsMiddleware(deps.observability.metrics)]),
      securityHeadersMiddleware(),
    ]),
  );
  if (deps.observability !== undefined) {
    const observability = createObservabilityRouter(deps.observability);
    // Its routes all live under these two paths; other requests skip its route matching.
    app.use((req, res, next) => (OBSERVABILITY_PATH.test(req.path) ? observability(req, res, next) : next()));
  }
  const body = jsonBodyParsing(deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  app.use(inSequence([...body.parse, keyGuardMiddleware]), body.translateErrors);

  app.get(`${API_BASE_PATH}/openapi.json`, (_req, res) => {
    res.setHeader('ETag', openapiEtag);
    res.type('json').send(openapiJson);
  });
  app.get('/api/docs', docsPageHandler(`${API_BASE_PATH}/openapi.json`, info.title));
  app.use(API_BASE_PATH, apiRouter(deps, routes));
  deps.mount?.(app);

  app.use(notFoundHandler);
  app.use(errorMiddleware(deps.logger));
  return app;
}
