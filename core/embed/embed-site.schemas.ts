/**
 * Shapes of embed sites: where a customer's portal lives (exact origins), which widgets it may
 * show, its theme and default locale. Shared by the routes, the service and the token issuer.
 */
import { z } from 'zod';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';
import { normalizeOrigin } from '../security/embed-tokens.js';

/** Element names without the `stratum-` prefix; `dashboard` composes the data widgets. */
export const EMBED_WIDGETS = [
  'kpi',
  'trend',
  'campaigns',
  'platform-mix',
  'alerts',
  'chat',
  'dashboard',
] as const;
export type EmbedWidget = (typeof EMBED_WIDGETS)[number];

export const EMBED_LOCALES = ['en', 'ar', 'uk'] as const;
export type EmbedLocale = (typeof EMBED_LOCALES)[number];

export const embedOriginSchema = z
  .string()
  .max(255)
  .transform((value, context) => {
    const origin = normalizeOrigin(value);
    if (origin === undefined) {
      context.addIssue({
        code: 'custom',
        message: 'must be an exact origin like https://portal.example.com',
      });
      return z.NEVER;
    }
    return origin;
  });

// Values end up inside CSS custom properties: only characters that cannot close a declaration.
const cssColor = z.string().regex(/^#[0-9a-fA-F]{3,8}$/, 'must be a hex colour like #1f6feb');
const fontFamily = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9 ,'"-]+$/, 'must be a plain font-family list');

export const embedThemeSchema = z
  .strictObject({
    mode: z.enum(['light', 'dark', 'auto']).default('auto'),
    accent: cssColor.optional(),
    fontFamily: fontFamily.optional(),
    radiusPx: z.number().int().min(0).max(24).optional(),
  })
  .meta({ id: 'EmbedTheme' });
export type EmbedTheme = z.output<typeof embedThemeSchema>;

const widgetsSchema = z
  .array(z.enum(EMBED_WIDGETS))
  .min(1)
  .max(EMBED_WIDGETS.length)
  .transform((widgets) => EMBED_WIDGETS.filter((widget) => widgets.includes(widget)));
const originsSchema = z
  .array(embedOriginSchema)
  .min(1)
  .max(20)
  .transform((origins) => [...new Set(origins)]);

export const createEmbedSiteInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  allowedOrigins: originsSchema,
  widgets: widgetsSchema,
  theme: embedThemeSchema.default({ mode: 'auto' }),
  defaultLocale: z.enum(EMBED_LOCALES).default('en'),
});
export type CreateEmbedSiteInput = z.input<typeof createEmbedSiteInputSchema>;

export const updateEmbedSiteInputSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    allowedOrigins: originsSchema.optional(),
    widgets: widgetsSchema.optional(),
    theme: embedThemeSchema.optional(),
    defaultLocale: z.enum(EMBED_LOCALES).optional(),
  })
  .refine((value) => Object.keys(value).length > 0, 'name at least one field');
export type UpdateEmbedSiteInput = z.input<typeof updateEmbedSiteInputSchema>;

export const listEmbedSitesQuerySchema = z.strictObject({ ...pageQueryShape });
export const embedSiteIdParamsSchema = z.strictObject({ id: objectIdSchema });

export const embedSiteResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    allowedOrigins: z.array(z.string()),
    widgets: z.array(z.enum(EMBED_WIDGETS)),
    theme: embedThemeSchema,
    defaultLocale: z.enum(EMBED_LOCALES),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'EmbedSite' });

export const embedSiteListResponseSchema = z.object({
  data: z.array(embedSiteResponseSchema),
  nextCursor: z.string().nullable(),
});

export const issueEmbedTokenInputSchema = z.strictObject({
  siteId: objectIdSchema,
  /** A subset of the site's widgets; all of them when absent. */
  widgets: z.array(z.enum(EMBED_WIDGETS)).min(1).max(EMBED_WIDGETS.length).optional(),
  ttlSec: z.number().int().min(30).max(900).default(600),
  platforms: z
    .array(z.string().regex(/^[a-z0-9-]{1,40}$/))
    .min(1)
    .max(20)
    .optional(),
  campaignIds: z.array(objectIdSchema).min(1).max(200).optional(),
});
export type IssueEmbedTokenInput = z.input<typeof issueEmbedTokenInputSchema>;

export const issuedEmbedTokenResponseSchema = z
  .object({
    token: z.string(),
    expiresAt: z.iso.datetime(),
    siteId: z.string(),
    widgets: z.array(z.enum(EMBED_WIDGETS)),
  })
  .meta({ id: 'EmbedToken' });

/** What a widget learns about its site at start: never the origins or other sites. */
export const embedConfigResponseSchema = z
  .object({
    siteId: z.string(),
    widgets: z.array(z.string()),
    theme: embedThemeSchema,
    defaultLocale: z.enum(EMBED_LOCALES),
    filters: z.object({
      platforms: z.array(z.string()).nullable(),
      campaignIds: z.array(z.string()).nullable(),
    }),
    expiresAt: z.iso.datetime(),
  })
  .meta({ id: 'EmbedConfig' });
