import { z } from 'zod';
import { requirePrincipal } from '../auth/principal.js';
import { defineRoute } from '../http/define-route.js';
import type { RouteDefinition } from '../http/define-route.js';
import type { Permission } from '../rbac/permissions.js';
import type { CapiEventRepository } from './capi-event.repository.js';
import {
  intakeBodySchema,
  intakeResponseSchema,
  qualityQuerySchema,
  qualityResponseSchema,
} from './intake.schemas.js';
import type { ConversionsIntake } from './intake.service.js';
import { qualityReasons } from './quality-score.js';

const WRITE: Permission = 'conversions:write';
const READ: Permission = 'conversions:read';
const DAY_MS = 86_400_000;

const deadLetterResponseSchema = z.object({
  data: z.array(
    z.object({
      eventId: z.string(),
      eventName: z.string(),
      receivedAt: z.iso.datetime(),
      platforms: z.array(z.object({ platform: z.string(), attempts: z.number().int(), reason: z.string() })),
    }),
  ),
});

export function createConversionsRoutes(deps: {
  readonly intake: ConversionsIntake;
  readonly repository: CapiEventRepository;
  readonly now: () => Date;
}): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/conversions/events',
      summary: 'Submit up to 1,000 conversion events for server-to-server delivery',
      description:
        'Each event is validated on its own: the answer is 202 with `accepted` (quality score and per-platform delivery status) and `rejected` (index and reason) lists, so one bad event never sinks the batch. Identifiers are hashed before storage.',
      tags: ['conversions'],
      auth: 'required',
      permission: WRITE,
      request: { body: intakeBodySchema },
      responses: { 202: intakeResponseSchema },
      handler: async ({ body, res }) => {
        const answer = await deps.intake.ingest(requirePrincipal(res).tenantId, body.events);
        return { status: 202, body: answer };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conversions/quality',
      summary: 'Data-quality score (0–10, EMQ-style) per event source, with what each fix is worth',
      tags: ['conversions'],
      auth: 'required',
      permission: READ,
      request: { query: qualityQuerySchema },
      responses: { 200: qualityResponseSchema },
      handler: async ({ query, res }) => {
        const since = new Date(deps.now().getTime() - query.days * DAY_MS);
        const rows = await deps.repository.listBySource(requirePrincipal(res).tenantId, since);
        return {
          status: 200,
          body: {
            days: query.days,
            data: rows
              .sort((a, b) => a.source.localeCompare(b.source))
              .map((row) => ({
                source: row.source,
                events: row.events,
                score: Math.round((row.scoreSum / row.events) * 10) / 10,
                reasons: qualityReasons(row.events, row.missing, row.malformed),
              })),
          },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/conversions/dead-letters',
      summary: 'Latest events a platform refused for good or that ran out of retries, with the reasons',
      tags: ['conversions'],
      auth: 'required',
      permission: READ,
      responses: { 200: deadLetterResponseSchema },
      handler: async (_ctx) => {
        const events = await deps.repository.listDeadLetters(requirePrincipal(_ctx.res).tenantId, 100);
        return {
          status: 200,
          body: {
            data: events.map((event) => ({
              eventId: event.eventId,
              eventName: event.eventName,
              receivedAt: event.receivedAt.toISOString(),
              platforms: Object.entries(event.deliveries)
                .filter(([, delivery]) => delivery.status === 'dead')
                .map(([platform, delivery]) => ({
                  platform,
                  attempts: delivery.attempts,
                  reason: delivery.reason ?? '',
                })),
            })),
          },
        };
      },
    }),
  ];
}
