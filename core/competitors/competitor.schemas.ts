import { z } from 'zod';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const unique = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .transform((values) => [...new Set(values as unknown[])] as z.output<T>[]);

const fields = {
  name: z.string().trim().min(1).max(120),
  domains: unique(z.string().trim().toLowerCase().regex(DOMAIN, 'must be a domain such as example.com'), 20),
  /** Meta Page ids (numeric strings); the Ad Library takes up to 10 per search. */
  metaPageIds: unique(z.string().regex(/^\d{1,20}$/, 'must be a numeric Meta Page id'), 10),
  searchTerms: unique(z.string().trim().min(2).max(100), 10),
  countries: unique(z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE'), 50),
  tags: unique(z.string().trim().min(1).max(40), 20),
};

export const createCompetitorBodySchema = z.strictObject({
  name: fields.name,
  domains: fields.domains.default([]),
  metaPageIds: fields.metaPageIds.default([]),
  searchTerms: fields.searchTerms.default([]),
  countries: fields.countries.default([]),
  tags: fields.tags.default([]),
});
export type CreateCompetitorInput = z.output<typeof createCompetitorBodySchema>;

export const updateCompetitorBodySchema = z
  .strictObject({
    name: fields.name.optional(),
    domains: fields.domains.optional(),
    metaPageIds: fields.metaPageIds.optional(),
    searchTerms: fields.searchTerms.optional(),
    countries: fields.countries.optional(),
    tags: fields.tags.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'must change at least one field' });
export type UpdateCompetitorInput = z.output<typeof updateCompetitorBodySchema>;

export const competitorIdParamsSchema = z.strictObject({ id: objectIdSchema });
export const listCompetitorsQuerySchema = z.strictObject({
  ...pageQueryShape,
  tag: z.string().trim().min(1).max(40).optional(),
});
export const listCompetitorAdsQuerySchema = z.strictObject({ ...pageQueryShape });

export const competitorResponseSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    domains: z.array(z.string()),
    metaPageIds: z.array(z.string()),
    searchTerms: z.array(z.string()),
    countries: z.array(z.string()),
    tags: z.array(z.string()),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Competitor' });

export const competitorListResponseSchema = z.object({
  data: z.array(competitorResponseSchema),
  nextCursor: z.string().nullable(),
});

const rangeSchema = z.object({
  /** Always `range`: the source publishes bounds, never a figure. */
  kind: z.literal('range'),
  lower: z.number(),
  upper: z.number().nullable(),
});

export const competitorAdResponseSchema = z
  .object({
    id: z.string(),
    competitorId: z.string(),
    source: z.string(),
    externalId: z.string(),
    advertiserName: z.string().nullable(),
    platforms: z.array(z.string()),
    languages: z.array(z.string()),
    deliveryStart: z.iso.datetime().nullable(),
    deliveryStop: z.iso.datetime().nullable(),
    active: z.boolean(),
    creative: z.object({
      bodies: z.array(z.string()),
      linkTitles: z.array(z.string()),
      linkDescriptions: z.array(z.string()),
      linkCaptions: z.array(z.string()),
    }),
    snapshotUrl: z.string().nullable(),
    /** Minor units of `currency`; only where the source publishes spend (Meta: political/issue ads). */
    spendRangeCents: rangeSchema.extend({ currency: z.string() }).nullable(),
    impressionsRange: rangeSchema.nullable(),
    firstSeenAt: z.iso.datetime(),
    lastSeenAt: z.iso.datetime(),
    changedAt: z.iso.datetime(),
  })
  .meta({ id: 'CompetitorAd' });

export const competitorAdListResponseSchema = z.object({
  data: z.array(competitorAdResponseSchema),
  nextCursor: z.string().nullable(),
  /** Why a spend range is usually `null`, said once per answer rather than guessed per ad. */
  coverage: z.string(),
});

export const ingestRunResponseSchema = z.object({ runId: z.string() });
