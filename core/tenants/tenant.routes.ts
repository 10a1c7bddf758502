import type { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { Tenant } from './tenant.repository.js';
import { tenantResponseSchema, updateTenantInputSchema } from './tenant.schemas.js';
import type { TenantService } from './tenant.service.js';

export function toTenantResponse(tenant: Tenant): z.input<typeof tenantResponseSchema> {
  return {
    id: tenant.id,
    name: tenant.name,
    slug: tenant.slug,
    currency: tenant.currency,
    timezone: tenant.timezone,
    locale: tenant.locale,
    settings: tenant.settings,
    createdAt: tenant.createdAt.toISOString(),
    updatedAt: tenant.updatedAt.toISOString(),
  };
}

export function createTenantRoutes(tenants: TenantService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/tenant',
      summary: "The caller's tenant",
      tags: ['tenant'],
      auth: 'required',
      permission: 'tenant:read' satisfies Permission,
      responses: { 200: tenantResponseSchema },
      handler: async ({ res }) => {
        const tenant = await tenants.get(requirePrincipal(res).tenantId);
        return { status: 200, body: toTenantResponse(tenant) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/tenant',
      summary: "Change the caller's tenant (name, currency, time zone, locale, settings)",
      tags: ['tenant'],
      auth: 'required',
      permission: 'tenant:write' satisfies Permission,
      request: { body: updateTenantInputSchema },
      responses: { 200: tenantResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const tenant = await tenants.update(principal.tenantId, route.body, context);
        return { status: 200, body: toTenantResponse(tenant) };
      },
    }),
  ];
}
