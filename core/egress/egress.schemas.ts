import { z } from 'zod';
import type { EgressRequest } from '../plugin-api/context.js';
import { PluginError } from '../plugin-api/plugin-error.js';
import { EGRESS_ERROR_CODES } from './egress-errors.js';

const MAX_TIMEOUT_MS = 10 * 60_000;
const MAX_RETRIES = 10;

const retrySchema = z.strictObject({
  retries: z.number().int().min(0).max(MAX_RETRIES).optional(),
  baseDelayMs: z.number().int().min(0).max(MAX_TIMEOUT_MS).optional(),
  maxDelayMs: z.number().int().min(0).max(MAX_TIMEOUT_MS).optional(),
  retryOnStatuses: z.array(z.number().int().min(100).max(599)).max(50).optional(),
});

/** Plugins are typed, but a plugin's bug must still fail here, named, not deep in node:http. */
export const egressRequestSchema = z.object({
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  url: z.string().min(1).max(8192),
  headers: z
    .record(z.string().regex(/^[!#$%&'*+.^_`|~0-9a-z-]+$/i, 'must be an HTTP token'), z.string())
    .optional(),
  query: z.record(z.string(), z.union([z.string(), z.number().finite(), z.boolean()])).optional(),
  body: z.unknown().optional(),
  timeoutMs: z.number().int().positive().max(MAX_TIMEOUT_MS).optional(),
  retry: retrySchema.optional(),
  signal: z.instanceof(AbortSignal).optional(),
});

/** Validates what a plugin passed; a malformed request is the plugin's bug (`system`). */
export function parseEgressRequest(request: EgressRequest): EgressRequest {
  const parsed = egressRequestSchema.safeParse(request);
  if (parsed.success) return request;
  throw new PluginError('system', 'The egress request is malformed', {
    code: EGRESS_ERROR_CODES.requestInvalid,
    details: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });
}

/** Numeric client options, checked once when the client is built. */
export const egressClientLimitsSchema = z.strictObject({
  defaultTimeoutMs: z.number().int().positive().max(MAX_TIMEOUT_MS).default(30_000),
  maxResponseBytes: z
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  maxRedirects: z.number().int().min(0).max(20).default(5),
  userAgent: z.string().min(1).max(256).default('Stratum-Egress/1.0'),
});

export type EgressClientLimits = z.output<typeof egressClientLimitsSchema>;
