/**
 * The only code touching `conversations`: the follow-up context of a conversation, one atomic
 * write per exchange (both messages, the new context, the expiry), and the history. Every call
 * names the tenant; a key of another tenant is simply not found.
 */
import { Types } from 'mongoose';
import { z } from 'zod';
import type { ChatChannelKind, ChatPayload } from '../engine/chat-engine.js';
import { EMPTY_CONTEXT } from '../engine/follow-up.js';
import type { ConversationContext } from '../engine/follow-up.js';
import type { Frame } from '../nlu/frame.js';
import { CONVERSATION_RETENTION_DAYS, MAX_STORED_MESSAGES } from './conversation.model.js';
import type { ConversationMessageRecord, ConversationModel } from './conversation.model.js';

export interface ConversationMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly text: string;
  readonly payload: ChatPayload | null;
  readonly createdAt: string;
}

export interface ConversationExchange {
  readonly userId: string;
  readonly channel: ChatChannelKind;
  readonly question: { readonly text: string; readonly at: Date };
  readonly answer: {
    readonly text: string;
    readonly frame: Frame;
    readonly payload: ChatPayload | null;
    readonly at: Date;
  };
  readonly context: ConversationContext;
}

export interface ConversationStore {
  context(tenantId: string, key: string): Promise<ConversationContext>;
  record(tenantId: string, key: string, exchange: ConversationExchange): Promise<void>;
  /** Oldest first, the latest `limit` messages; `undefined` when there is no such conversation. */
  history(tenantId: string, key: string, limit: number): Promise<readonly ConversationMessage[] | undefined>;
}

// Stored context is JSON written by this module; a shape it no longer has (an older version) is dropped.
const storedContextSchema = z.object({
  last: z.record(z.string(), z.unknown()).nullable(),
  pending: z.object({ frame: z.record(z.string(), z.unknown()), options: z.array(z.string()) }).nullable(),
});

function contextOf(stored: unknown): ConversationContext {
  const parsed = storedContextSchema.safeParse(stored);
  if (!parsed.success) return EMPTY_CONTEXT;
  // Frames are written by the engine only; their fields were validated when they were made.
  return parsed.data as unknown as ConversationContext;
}

function toMessage(record: ConversationMessageRecord): ConversationMessage {
  return {
    id: record._id.toHexString(),
    role: record.role,
    text: record.text,
    payload: (record.payload as ChatPayload | null) ?? null,
    createdAt: record.createdAt.toISOString(),
  };
}

const asJson = (value: unknown): Record<string, unknown> =>
  JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

export function createConversationRepository(model: ConversationModel): ConversationStore {
  return {
    async context(tenantId, key) {
      const found = await model.findOne({ tenantId, key }, { context: 1 }).lean();
      return found === null ? EMPTY_CONTEXT : contextOf(found.context);
    },
    async record(tenantId, key, exchange) {
      const expiresAt = new Date(exchange.answer.at.getTime() + CONVERSATION_RETENTION_DAYS * 86_400_000);
      const messages = [
        {
          _id: new Types.ObjectId(),
          role: 'user',
          text: exchange.question.text,
          frame: null,
          payload: null,
          createdAt: exchange.question.at,
        },
        {
          _id: new Types.ObjectId(),
          role: 'assistant',
          text: exchange.answer.text,
          frame: asJson(exchange.answer.frame),
          payload: exchange.answer.payload === null ? null : asJson(exchange.answer.payload),
          createdAt: exchange.answer.at,
        },
      ];
      await model.updateOne(
        { tenantId, key },
        {
          $setOnInsert: {
            userId: exchange.userId,
            channel: exchange.channel,
            createdAt: exchange.question.at,
          },
          $set: { context: asJson(exchange.context), updatedAt: exchange.answer.at, expiresAt },
          $push: { messages: { $each: messages, $slice: -MAX_STORED_MESSAGES } },
        },
        { upsert: true },
      );
    },
    async history(tenantId, key, limit) {
      const found = await model.findOne({ tenantId, key }, { messages: { $slice: -limit } }).lean();
      return found === null ? undefined : found.messages.map(toMessage);
    },
  };
}
