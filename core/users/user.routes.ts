import type { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import {
  createUserInputSchema,
  listUsersQuerySchema,
  updateUserInputSchema,
  userIdParamsSchema,
  userListResponseSchema,
  userResponseSchema,
} from './user.schemas.js';
import type { User, UserService } from './user.service.js';

export function toUserResponse(user: User): z.input<typeof userResponseSchema> {
  return {
    id: user.id,
    tenantId: user.tenantId,
    email: user.email,
    role: user.role,
    name: user.name,
    locale: user.locale,
    phone: user.phone ?? null,
    deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

const USERS_MANAGE: Permission = 'users:manage';

export function createUserRoutes(users: UserService): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/users',
      summary: 'List the users of the tenant',
      tags: ['users'],
      auth: 'required',
      permission: USERS_MANAGE,
      request: { query: listUsersQuerySchema },
      responses: { 200: userListResponseSchema },
      handler: async ({ query, res }) => {
        const { limit, cursor, role } = query;
        const page = await users.list(requirePrincipal(res).tenantId, { role }, { limit, cursor });
        return { status: 200, body: { data: page.data.map(toUserResponse), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/users',
      summary: 'Create a user in the tenant',
      tags: ['users'],
      auth: 'required',
      permission: USERS_MANAGE,
      request: { body: createUserInputSchema },
      responses: { 201: userResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const user = await users.create(principal.tenantId, route.body, context);
        return { status: 201, body: toUserResponse(user) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/users/:id',
      summary: 'One user of the tenant',
      tags: ['users'],
      auth: 'required',
      permission: USERS_MANAGE,
      request: { params: userIdParamsSchema },
      responses: { 200: userResponseSchema },
      handler: async ({ params, res }) => {
        const user = await users.get(requirePrincipal(res).tenantId, params.id);
        return { status: 200, body: toUserResponse(user) };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/users/:id',
      summary: "Change a user's role, name, locale or phone",
      tags: ['users'],
      auth: 'required',
      permission: USERS_MANAGE,
      request: { params: userIdParamsSchema, body: updateUserInputSchema },
      responses: { 200: userResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const user = await users.update(principal.tenantId, route.params.id, route.body, context);
        return { status: 200, body: toUserResponse(user) };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/users/:id',
      summary: 'Deactivate a user (sign-in refused, sessions revoked)',
      tags: ['users'],
      auth: 'required',
      permission: USERS_MANAGE,
      request: { params: userIdParamsSchema },
      responses: { 204: null },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        await users.deactivate(principal.tenantId, route.params.id, context);
        return { status: 204 };
      },
    }),
  ];
}
