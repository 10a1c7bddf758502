import { Router } from 'express';
import type { Request, Response } from 'express';
import { AuthenticationError } from '../errors/errors.js';
import { safeEqual } from '../security/opaque-tokens.js';
import type { HealthRegistry } from './health-registry.js';
import type { AppMetrics } from './metrics.js';
import type { Readiness } from './readiness.js';

export interface ObservabilityDeps {
  readonly health: HealthRegistry;
  readonly readiness: Readiness<string>;
  readonly metrics?: AppMetrics | undefined;
  /** When set, `/metrics` requires `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
}

function bearerToken(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function noStore(res: Response): Response {
  return res.setHeader('Cache-Control', 'no-store');
}

/** `/health`, `/health/live`, `/health/ready` and `/metrics`, outside `/api/v1`. */
export function createObservabilityRouter(deps: ObservabilityDeps): Router {
  const router = Router();

  router.get('/health', async (_req, res) => {
    const report = await deps.health.check();
    noStore(res)
      .status(report.status === 'down' ? 503 : 200)
      .json(report);
  });

  router.get('/health/live', (_req, res) => {
    noStore(res).json({ status: 'up' });
  });

  router.get('/health/ready', (_req, res) => {
    const state = deps.readiness.state();
    noStore(res)
      .status(state.status === 'ready' ? 200 : 503)
      .json(state);
  });

  const { metrics, metricsToken } = deps;
  if (metrics !== undefined) {
    router.get('/metrics', async (req, res) => {
      if (metricsToken !== undefined) {
        const presented = bearerToken(req);
        if (presented === undefined || !safeEqual(presented, metricsToken)) {
          throw new AuthenticationError('A valid metrics token is required', {
            code: 'METRICS_TOKEN_INVALID',
          });
        }
      }
      const body = await metrics.registry.metrics();
      noStore(res).type(metrics.registry.contentType).send(body);
    });
  }
  return router;
}
