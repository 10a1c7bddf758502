import { z } from 'zod';
import { API_KEY_SCOPES, PERMISSIONS } from '../rbac/permissions.js';
import { MAX_PASSWORD_LENGTH } from '../security/passwords.js';
import { userResponseSchema } from '../users/user.schemas.js';

/** Deliberately loose: a malformed email is just another failed sign-in, not a hint. */
export const loginInputSchema = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const refreshInputSchema = z.strictObject({ refreshToken: z.string().min(1).max(200) });

export const sessionResponseSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    expiresIn: z.number().int().describe('Seconds until the access token expires'),
    tokenType: z.literal('Bearer'),
    user: userResponseSchema,
  })
  .meta({ id: 'Session' });

const permissionList = z.array(z.enum(PERMISSIONS));

export const meResponseSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('user'),
    tenantId: z.string(),
    user: userResponseSchema,
    permissions: permissionList,
  }),
  z.object({
    type: z.literal('apiKey'),
    tenantId: z.string(),
    apiKey: z.object({
      id: z.string(),
      name: z.string(),
      prefix: z.string(),
      scopes: z.array(z.enum(API_KEY_SCOPES)),
    }),
    permissions: permissionList,
  }),
]);
