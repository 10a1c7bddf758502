import { z } from 'zod';
import { MAX_PASSWORD_LENGTH } from '../security/passwords.js';
import { ROLES } from '../security/access-tokens.js';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';
import { localeSchema } from '../tenants/tenant.schemas.js';

export const MIN_PASSWORD_LENGTH = 8;

export const emailSchema = z
  .string()
  .trim()
  .max(254)
  .pipe(z.email({ message: 'must be an email address' }))
  .transform((email) => email.toLowerCase());

export const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);

/** E.164: `+`, country code, subscriber number, at most 15 digits. */
export const phoneSchema = z
  .string()
  .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +15551234567');

export const roleSchema = z.enum(ROLES);

export const createUserInputSchema = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  role: roleSchema,
  name: z.string().trim().min(1).max(120),
  locale: localeSchema.optional(),
  phone: phoneSchema.optional(),
});
export type CreateUserInput = z.input<typeof createUserInputSchema>;

/** Email and password are not changed here; `phone: null` removes the number. */
export const updateUserInputSchema = z
  .strictObject({
    role: roleSchema.optional(),
    name: z.string().trim().min(1).max(120).optional(),
    locale: localeSchema.optional(),
    phone: phoneSchema.nullable().optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'name at least one field to change');
export type UpdateUserInput = z.input<typeof updateUserInputSchema>;

export const listUsersQuerySchema = z.strictObject({
  ...pageQueryShape,
  role: roleSchema.optional(),
});

export const userIdParamsSchema = z.strictObject({ id: objectIdSchema });

export const userResponseSchema = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    email: z.string(),
    role: roleSchema,
    name: z.string(),
    locale: z.string(),
    phone: z.string().nullable(),
    deactivatedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const userListResponseSchema = z.object({
  data: z.array(userResponseSchema),
  nextCursor: z.string().nullable(),
});
