/** zod schemas of the chat REST API (requests and replies), shared with the OpenAPI document. */
import { z } from 'zod';
import { MAX_CHAT_TEXT_CHARS } from '../engine/create-chat-engine.js';
import { conversationIdSchema } from './chat-events.js';

const cellSchema = z.union([z.string(), z.number(), z.null()]);

export const chatPayloadSchema = z.union([
  z.object({
    kind: z.literal('table'),
    columns: z.array(z.object({ key: z.string(), label: z.string() })),
    rows: z.array(z.record(z.string(), cellSchema)),
  }),
  z.object({
    kind: z.literal('series'),
    metric: z.string(),
    points: z.array(z.object({ date: z.string(), value: z.number().nullable() })),
  }),
]);

const dayRangeSchema = z.object({ from: z.string(), to: z.string() });
const oneOrMany = z.union([z.string(), z.array(z.string()), z.null()]);

/** What was understood, in `stratum chat parse` fields. */
export const chatFrameSchema = z.object({
  intent: z.string(),
  metric: z.string().nullable(),
  platform: oneOrMany,
  range: z.union([dayRangeSchema, z.array(dayRangeSchema), z.null()]),
  campaign: oneOrMany,
  compare: z.string().nullable(),
});

export const chatPostBodySchema = z.strictObject({
  text: z.string().trim().min(1).max(MAX_CHAT_TEXT_CHARS),
  /** Continue this conversation; a new one is started when absent. */
  conversationId: conversationIdSchema.optional(),
  /** Reply in this language (`en`, `ar`, `uk`); otherwise the message's language decides. */
  locale: z.string().max(35).optional(),
});

export const chatReplySchema = z.object({
  conversationId: z.string(),
  text: z.string(),
  language: z.enum(['en', 'ar', 'uk']),
  payload: chatPayloadSchema.nullable(),
  suggestions: z.array(z.string()),
  frame: chatFrameSchema,
  at: z.string(),
});

export const conversationParamsSchema = z.object({ id: conversationIdSchema });

export const historyQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const chatMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant']),
  text: z.string(),
  payload: chatPayloadSchema.nullable(),
  createdAt: z.string(),
});

export const chatHistorySchema = z.object({
  data: z.array(chatMessageSchema),
  nextCursor: z.null(),
});
