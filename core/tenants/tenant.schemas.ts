import { z } from 'zod';

function isCurrency(code: string): boolean {
  return Intl.supportedValuesOf('currency').includes(code);
}

function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function isLocale(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

/** ISO 4217 code known to the runtime's Intl data (`USD`, `EUR`). */
export const currencySchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
  .refine(isCurrency, 'must be an ISO 4217 currency code');

/** IANA time zone (`America/New_York`). */
export const timeZoneSchema = z.string().max(64).refine(isTimeZone, 'must be an IANA time zone');

/** BCP 47 language tag (`en-US`). */
export const localeSchema = z.string().min(2).max(35).refine(isLocale, 'must be a BCP 47 language tag');

export const slugSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and dashes');

const settingValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
export const tenantSettingsSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'must be a simple name'), settingValue)
  .refine((settings) => Object.keys(settings).length <= 50, 'at most 50 settings');
export type TenantSettings = z.output<typeof tenantSettingsSchema>;

export const createTenantInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  slug: slugSchema,
  currency: currencySchema,
  timezone: timeZoneSchema,
  locale: localeSchema.default('en-US'),
  settings: tenantSettingsSchema.default({}),
});
export type CreateTenantInput = z.input<typeof createTenantInputSchema>;

/** The slug is the tenant's stable handle and cannot change. */
export const updateTenantInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    currency: currencySchema.optional(),
    timezone: timeZoneSchema.optional(),
    locale: localeSchema.optional(),
    settings: tenantSettingsSchema.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, 'name at least one field to change');
export type UpdateTenantInput = z.input<typeof updateTenantInputSchema>;

export const tenantResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    currency: z.string(),
    timezone: z.string(),
    locale: z.string(),
    settings: z.record(z.string(), settingValue),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Tenant' });
