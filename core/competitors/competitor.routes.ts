import type { z } from 'zod';
import { actionContextOf, requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { StoredCompetitorAd } from './competitor-ad.repository.js';
import type { Competitor } from './competitor.repository.js';
import {
  competitorAdListResponseSchema,
  competitorIdParamsSchema,
  competitorListResponseSchema,
  competitorResponseSchema,
  createCompetitorBodySchema,
  listCompetitorAdsQuerySchema,
  listCompetitorsQuerySchema,
  ingestRunResponseSchema,
  updateCompetitorBodySchema,
} from './competitor.schemas.js';
import type { CompetitorService } from './competitor.service.js';

const READ: Permission = 'competitors:read';
const WRITE: Permission = 'competitors:write';
const TAGS = ['competitors'];

/** Said with every ad list: the Ad Library is not a spend source, and the product never implies it is. */
export const AD_LIBRARY_COVERAGE =
  'Meta Ad Library: commercial ads are listed only where delivered in the EU and never with spend; spend and impressions are published as ranges for political and issue ads only.';

const toCompetitor = (competitor: Competitor): z.input<typeof competitorResponseSchema> => ({
  id: competitor.id,
  name: competitor.name,
  domains: [...competitor.domains],
  metaPageIds: [...competitor.metaPageIds],
  searchTerms: [...competitor.searchTerms],
  countries: [...competitor.countries],
  tags: [...competitor.tags],
  createdBy: competitor.createdBy,
  createdAt: competitor.createdAt.toISOString(),
  updatedAt: competitor.updatedAt.toISOString(),
});

const toAd = (ad: StoredCompetitorAd): z.input<typeof competitorAdListResponseSchema>['data'][number] => ({
  id: ad.id,
  competitorId: ad.competitorId,
  source: ad.source,
  externalId: ad.externalId,
  advertiserName: ad.advertiserName,
  platforms: [...ad.platforms],
  languages: [...ad.languages],
  deliveryStart: ad.deliveryStart?.toISOString() ?? null,
  deliveryStop: ad.deliveryStop?.toISOString() ?? null,
  active: ad.deliveryStart !== null && ad.deliveryStop === null,
  creative: ad.creative,
  snapshotUrl: ad.snapshotUrl,
  spendRangeCents:
    ad.spendRange === null
      ? null
      : {
          kind: 'range',
          lower: ad.spendRange.lower,
          upper: ad.spendRange.upper,
          currency: ad.spendRange.currency ?? '',
        },
  impressionsRange:
    ad.impressionsRange === null
      ? null
      : { kind: 'range', lower: ad.impressionsRange.lower, upper: ad.impressionsRange.upper },
  firstSeenAt: ad.firstSeenAt.toISOString(),
  lastSeenAt: ad.lastSeenAt.toISOString(),
  changedAt: ad.changedAt.toISOString(),
});

/** `enqueueIngest` queues a refresh of every enabled source and returns the job id. */
export function createCompetitorRoutes(
  competitors: CompetitorService,
  enqueueIngest: (tenantId: string) => Promise<string>,
): RouteDefinition[] {
  const tenantOf = (res: Parameters<typeof requirePrincipal>[0]) => requirePrincipal(res).tenantId;
  return [
    defineRoute({
      method: 'get',
      path: '/competitors',
      summary: "The tenant's tracked competitors, newest first",
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { query: listCompetitorsQuerySchema },
      responses: { 200: competitorListResponseSchema },
      handler: async ({ query, res }) => {
        const page = await competitors.list(tenantOf(res), query);
        return { status: 200, body: { data: page.data.map(toCompetitor), nextCursor: page.nextCursor } };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/competitors',
      summary: 'Starts tracking a competitor',
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      request: { body: createCompetitorBodySchema },
      responses: { 201: competitorResponseSchema },
      handler: async (route) => {
        const { principal, context } = actionContextOf(route);
        const created = await competitors.create(
          principal.tenantId,
          route.body,
          `${context.actor.type}:${context.actor.id}`,
        );
        return { status: 201, body: toCompetitor(created) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/competitors/ingest-runs',
      summary: "Queues a refresh of every competitor's ads from the enabled sources (intel queue)",
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      responses: { 202: ingestRunResponseSchema },
      handler: async ({ res }) => ({ status: 202, body: { runId: await enqueueIngest(tenantOf(res)) } }),
    }),
    defineRoute({
      method: 'get',
      path: '/competitors/:id',
      summary: 'One tracked competitor',
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { params: competitorIdParamsSchema },
      responses: { 200: competitorResponseSchema },
      handler: async ({ params, res }) => ({
        status: 200,
        body: toCompetitor(await competitors.get(tenantOf(res), params.id)),
      }),
    }),
    defineRoute({
      method: 'patch',
      path: '/competitors/:id',
      summary: 'Changes a tracked competitor',
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      request: { params: competitorIdParamsSchema, body: updateCompetitorBodySchema },
      responses: { 200: competitorResponseSchema },
      handler: async ({ params, body, res }) => ({
        status: 200,
        body: toCompetitor(await competitors.update(tenantOf(res), params.id, body)),
      }),
    }),
    defineRoute({
      method: 'delete',
      path: '/competitors/:id',
      summary: 'Stops tracking a competitor (soft delete; its stored ads stay)',
      tags: TAGS,
      auth: 'required',
      permission: WRITE,
      request: { params: competitorIdParamsSchema },
      responses: { 204: null },
      handler: async ({ params, res }) => {
        await competitors.remove(tenantOf(res), params.id);
        return { status: 204 };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/competitors/:id/ads',
      summary: "A competitor's ads as its sources reported them, newest first",
      tags: TAGS,
      auth: 'required',
      permission: READ,
      request: { params: competitorIdParamsSchema, query: listCompetitorAdsQuerySchema },
      responses: { 200: competitorAdListResponseSchema },
      handler: async ({ params, query, res }) => {
        const page = await competitors.ads(tenantOf(res), params.id, query);
        return {
          status: 200,
          body: { data: page.data.map(toAd), nextCursor: page.nextCursor, coverage: AD_LIBRARY_COVERAGE },
        };
      },
    }),
  ];
}
