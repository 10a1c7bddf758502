import type { z } from 'zod';
import { requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { auditEntryResponseSchema } from './audit.schemas.js';
import { auditListResponseSchema, listAuditLogsQuerySchema } from './audit.schemas.js';
import type { AuditEntry } from './audit-event.js';
import type { AuditService } from './audit.service.js';

function toAuditEntryResponse(entry: AuditEntry): z.input<typeof auditEntryResponseSchema> {
  return {
    id: entry.id,
    actor: { type: entry.actor.type, id: entry.actor.id, email: entry.actor.email ?? null },
    action: entry.action,
    target: entry.target,
    changes: entry.changes,
    reason: entry.reason ?? null,
    outcome: entry.outcome,
    ip: entry.ip ?? null,
    userAgent: entry.userAgent ?? null,
    requestId: entry.requestId ?? null,
    at: entry.at.toISOString(),
  };
}

export function createAuditRoutes(audit: AuditService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/audit-logs',
      summary: "The tenant's audit trail, newest first",
      tags: ['audit'],
      auth: 'required',
      permission: 'audit:read' satisfies Permission,
      request: { query: listAuditLogsQuerySchema },
      responses: { 200: auditListResponseSchema },
      handler: async ({ query, res }) => {
        const { limit, cursor, ...filter } = query;
        const page = await audit.list(requirePrincipal(res).tenantId, filter, { limit, cursor });
        return {
          status: 200,
          body: { data: page.data.map(toAuditEntryResponse), nextCursor: page.nextCursor },
        };
      },
    }),
  ];
}
