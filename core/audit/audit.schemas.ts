import { z } from 'zod';
import { AUDIT_ACTOR_TYPES, AUDIT_OUTCOMES, auditFilterSchema } from './audit-event.js';
import { pageQueryShape } from './paging.js';

export const listAuditLogsQuerySchema = z.strictObject({ ...auditFilterSchema.shape, ...pageQueryShape });

const scalar = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const fieldChange = z.union([
  z.object({ redacted: z.literal(true) }),
  z.object({ from: scalar.optional(), to: scalar.optional() }),
]);

export const auditEntryResponseSchema = z
  .object({
    id: z.string(),
    actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string(), email: z.string().nullable() }),
    action: z.string(),
    target: z.object({ type: z.string(), id: z.string() }),
    changes: z.record(z.string(), fieldChange),
    reason: z.string().nullable(),
    outcome: z.enum(AUDIT_OUTCOMES),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    at: z.iso.datetime(),
  })
  .meta({ id: 'AuditEntry' });

export const auditListResponseSchema = z.object({
  data: z.array(auditEntryResponseSchema),
  nextCursor: z.string().nullable(),
});
