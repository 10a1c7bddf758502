import { requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import {
  curvesQuerySchema,
  curvesResponseSchema,
  forecastQuerySchema,
  forecastResponseSchema,
  optimizeBodySchema,
  optimizeResponseSchema,
} from './ml.schemas.js';
import type { MlService } from './ml.service.js';

const ML_READ: Permission = 'ml:read';
const HELP =
  "History: inclusive `from`/`to` days in the tenant's time zone (default: the 180 days ending yesterday). Money in integer minor units of `currency`; intervals at `intervalLevel`. 503 `ML_PREDICTOR_UNAVAILABLE` without an enabled predictor plugin; 422 `ML_*` when the data or the constraints make the request impossible.";

export function createMlRoutes(ml: MlService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/ml/curves',
      summary:
        'Spend → revenue / conversions response curves per campaign, with intervals, or why there is none',
      description: HELP,
      tags: ['ml'],
      auth: 'required',
      permission: ML_READ,
      request: { query: curvesQuerySchema },
      responses: { 200: curvesResponseSchema },
      handler: async ({ query, res }) => ({
        status: 200,
        body: await ml.curves(requirePrincipal(res).tenantId, query),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/ml/forecast',
      summary:
        'Daily spend, revenue, conversions and ROAS forecasts for 1–30 days, with intervals and a back-test',
      description: HELP,
      tags: ['ml'],
      auth: 'required',
      permission: ML_READ,
      request: { query: forecastQuerySchema },
      responses: { 200: forecastResponseSchema },
      handler: async ({ query, res }) => ({
        status: 200,
        body: await ml.forecast(requirePrincipal(res).tenantId, query),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/ml/optimize',
      summary: 'Proposes daily budgets that maximise the objective under the constraints (advice only)',
      description: HELP,
      tags: ['ml'],
      auth: 'required',
      permission: ML_READ,
      request: { body: optimizeBodySchema },
      responses: { 200: optimizeResponseSchema },
      handler: async ({ body, res }) => ({
        status: 200,
        body: await ml.optimize(requirePrincipal(res).tenantId, body),
      }),
    }),
  ];
}
