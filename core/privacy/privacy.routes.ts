import { actionContextOf } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import { eraseResponseSchema, exportResponseSchema, privacyRequestSchema } from './privacy.schemas.js';
import type { PrivacyService } from './privacy.service.js';

const PRIVACY_MANAGE: Permission = 'privacy:manage';

export function createPrivacyRoutes(privacy: PrivacyService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/privacy/export',
      summary: 'Export everything held about a person (GDPR Art. 15/20) as JSON',
      tags: ['privacy'],
      auth: 'required',
      permission: PRIVACY_MANAGE,
      request: { body: privacyRequestSchema },
      responses: { 200: exportResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const report = await privacy.export(principal.tenantId, route.body.subject, context);
        route.res.setHeader('Cache-Control', 'no-store');
        return {
          status: 200,
          body: { exportedAt: report.exportedAt.toISOString(), collections: report.collections },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/privacy/erase',
      summary: 'Erase a person from every collection of the personal-data map (GDPR Art. 17); idempotent',
      tags: ['privacy'],
      auth: 'required',
      permission: PRIVACY_MANAGE,
      request: { body: privacyRequestSchema },
      responses: { 200: eraseResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const report = await privacy.erase(principal.tenantId, route.body.subject, context);
        return {
          status: 200,
          body: {
            erasureId: report.erasureId,
            erasedAt: report.erasedAt.toISOString(),
            collections: report.collections,
          },
        };
      },
    }),
  ];
}
