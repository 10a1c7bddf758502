import type { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { Alert } from './alert.repository.js';
import {
  alertIdParamsSchema,
  alertListResponseSchema,
  alertResponseSchema,
  listAlertsQuerySchema,
} from './alert.schemas.js';
import type { AlertService } from './alert.service.js';

export function toAlertResponse(alert: Alert): z.input<typeof alertResponseSchema> {
  return {
    id: alert.id,
    source: alert.source,
    severity: alert.severity,
    title: alert.title,
    details: { ...alert.details },
    status: alert.status,
    acknowledgedBy: alert.acknowledgedBy ?? null,
    acknowledgedAt: alert.acknowledgedAt?.toISOString() ?? null,
    createdAt: alert.createdAt.toISOString(),
  };
}

const ALERTS_READ: Permission = 'alerts:read';
const ALERTS_ACK: Permission = 'rules:write';

export function createAlertRoutes(alerts: AlertService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/alerts',
      summary: "The tenant's alerts, newest first (rules, failed actions, plugins)",
      tags: ['alerts'],
      auth: 'required',
      permission: ALERTS_READ,
      request: { query: listAlertsQuerySchema },
      responses: { 200: alertListResponseSchema },
      handler: async ({ query, res }) => {
        const { limit, cursor, since, ...filter } = query;
        const page = await alerts.list(
          requirePrincipal(res).tenantId,
          { ...filter, ...(since === undefined ? {} : { since: new Date(since) }) },
          { limit, cursor },
        );
        return { status: 200, body: { data: page.data.map(toAlertResponse), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/alerts/:id/acknowledge',
      summary: 'Acknowledge an open alert',
      tags: ['alerts'],
      auth: 'required',
      permission: ALERTS_ACK,
      request: { params: alertIdParamsSchema },
      responses: { 200: alertResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const alert = await alerts.acknowledge(principal.tenantId, route.params.id, context.actor.id);
        return { status: 200, body: toAlertResponse(alert) };
      },
    }),
  ];
}
