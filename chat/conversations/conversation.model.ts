/**
 * `conversations`: one document per tenant and conversation key (a channel's user, or a web
 * chat id), holding the latest messages and the follow-up context. Idle conversations expire
 * (TTL on `expiresAt`, pushed forward by every message), so chat text is not kept forever.
 */
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../../core/db/tenancy-plugin.js';
import type { TenantContext } from '../../core/tenancy/tenant-context.js';

export const CONVERSATION_MODEL_NAME = 'Conversation';
/** Retention of an idle conversation. */
export const CONVERSATION_RETENTION_DAYS = 90;
/** Messages kept per conversation (older ones drop off). */
export const MAX_STORED_MESSAGES = 200;

export interface ConversationMessageRecord {
  _id: Types.ObjectId;
  role: 'user' | 'assistant';
  text: string;
  /** The understood frame (assistant messages), as JSON. */
  frame: Record<string, unknown> | null;
  payload: Record<string, unknown> | null;
  createdAt: Date;
}

export interface ConversationRecord {
  _id: Types.ObjectId;
  tenantId: string;
  key: string;
  userId: string;
  channel: string;
  messages: ConversationMessageRecord[];
  /** Follow-up context (last frame, pending ask-back), as JSON. */
  context: Record<string, unknown> | null;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

export type ConversationModel = Model<ConversationRecord>;

export function createConversationModel(
  connection: Connection,
  tenantContext: TenantContext,
): ConversationModel {
  const message = new Schema<ConversationMessageRecord>(
    {
      role: { type: String, enum: ['user', 'assistant'], required: true },
      text: { type: String, required: true },
      frame: { type: Schema.Types.Mixed, default: null },
      payload: { type: Schema.Types.Mixed, default: null },
      createdAt: { type: Date, required: true },
    },
    { versionKey: false },
  );
  const schema = new Schema<ConversationRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      key: { type: String, required: true },
      userId: { type: String, required: true },
      channel: { type: String, required: true },
      messages: { type: [message], default: [] },
      context: { type: Schema.Types.Mixed, default: null },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      expiresAt: { type: Date, required: true },
    },
    { collection: 'conversations', versionKey: false, autoIndex: false, autoCreate: false },
  );
  schema.plugin(tenancyPlugin, { context: tenantContext });
  schema.index({ tenantId: 1, key: 1 }, { unique: true });
  schema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
  if (connection.models[CONVERSATION_MODEL_NAME] !== undefined)
    connection.deleteModel(CONVERSATION_MODEL_NAME);
  return connection.model<ConversationRecord>(CONVERSATION_MODEL_NAME, schema);
}
