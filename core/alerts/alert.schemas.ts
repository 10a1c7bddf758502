import { z } from 'zod';
import { objectIdSchema, pageQueryShape } from '../audit/paging.js';
import { ALERT_SEVERITIES, ALERT_STATUSES } from './alert.model.js';

export const listAlertsQuerySchema = z.strictObject({
  ...pageQueryShape,
  status: z.enum(ALERT_STATUSES).optional(),
  severity: z.enum(ALERT_SEVERITIES).optional(),
  source: z.string().trim().min(1).max(100).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
});

export const alertIdParamsSchema = z.strictObject({ id: objectIdSchema });

export const alertResponseSchema = z
  .object({
    id: z.string(),
    source: z.string(),
    severity: z.enum(ALERT_SEVERITIES),
    title: z.string(),
    details: z.record(z.string(), z.unknown()),
    status: z.enum(ALERT_STATUSES),
    acknowledgedBy: z.string().nullable(),
    acknowledgedAt: z.iso.datetime().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Alert' });

export const alertListResponseSchema = z.object({
  data: z.array(alertResponseSchema),
  nextCursor: z.string().nullable(),
});
