/**
 * `whatsappMessages`: one row per WhatsApp message in or out, keyed by (tenantId, wamid). The
 * unique index is the deduplication claim: a replayed delivery or a second API node inserting
 * the same inbound id fails and never answers twice. No message text is stored here (the
 * conversation store keeps what chat keeps). `whatsappSenderNotices` remembers which unknown
 * numbers were told that they are not linked (for a day: the TTL index forgets them after).
 *
 * An inbound row carries, while it is `received`, the sender's number and text sealed to the
 * tenant (`pending`): after a crash the sweeper can still answer it. The seal is dropped when
 * the message is finished, so at rest only unanswered messages hold anything readable.
 */
import { Schema } from 'mongoose';
import type { Connection, Model, Types } from 'mongoose';
import { tenancyPlugin } from '../../../core/db/tenancy-plugin.js';
import type { TenantContext } from '../../../core/tenancy/tenant-context.js';

/** `expired`: claimed, never answered, and found by the sweeper too late to be worth answering. */
export const INBOUND_STATES = [
  'received',
  'answered',
  'not_linked',
  'unsupported',
  'failed',
  'expired',
] as const;
export const OUTBOUND_STATES = ['sent', 'delivered', 'read', 'failed'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];
export type OutboundState = (typeof OUTBOUND_STATES)[number];

export interface WhatsappMessageRecord {
  _id: Types.ObjectId;
  tenantId: string;
  wamid: string;
  direction: 'in' | 'out';
  channel: 'whatsapp' | 'whatsapp-web';
  state: InboundState | OutboundState;
  /** The Stratum user the number belongs to; null for unknown senders. */
  userId: string | null;
  /** Blind index of the sender's / recipient's number (never the number itself). */
  peerIndex: string;
  /** For replies: the inbound wamid they answer. */
  inReplyTo: string | null;
  /** Part number of a split reply (1-based). */
  part: number | null;
  errorCode: string | null;
  /** Sealed `{from, text}` of an inbound message until it is finished; null afterwards. */
  pending: string | null;
  history: { state: string; at: Date }[];
  createdAt: Date;
  updatedAt: Date;
}

export interface WhatsappSenderNoticeRecord {
  _id: Types.ObjectId;
  tenantId: string;
  peerIndex: string;
  notifiedAt: Date;
}

/** How long an unknown number is remembered as told that it is not linked. */
export const NOTICE_TTL_SECONDS = 24 * 60 * 60;

export type WhatsappMessageModel = Model<WhatsappMessageRecord>;
export type WhatsappSenderNoticeModel = Model<WhatsappSenderNoticeRecord>;

function fresh<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  if (connection.models[name] !== undefined) connection.deleteModel(name);
  return connection.model<T>(name, schema);
}

export function createWhatsappModels(
  connection: Connection,
  tenantContext: TenantContext,
): { readonly messages: WhatsappMessageModel; readonly notices: WhatsappSenderNoticeModel } {
  const messages = new Schema<WhatsappMessageRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      wamid: { type: String, required: true, immutable: true },
      direction: { type: String, required: true, enum: ['in', 'out'] },
      channel: { type: String, required: true, enum: ['whatsapp', 'whatsapp-web'] },
      state: { type: String, required: true },
      userId: { type: String, default: null },
      peerIndex: { type: String, required: true },
      inReplyTo: { type: String, default: null },
      part: { type: Number, default: null },
      errorCode: { type: String, default: null },
      pending: { type: String, default: null },
      history: [{ _id: false, state: String, at: Date }],
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
    },
    { collection: 'whatsappMessages', versionKey: false, autoIndex: false, autoCreate: false },
  );
  messages.plugin(tenancyPlugin, { context: tenantContext });
  messages.index({ tenantId: 1, wamid: 1 }, { unique: true });
  messages.index({ tenantId: 1, createdAt: -1 });
  // The crash sweeper's cross-tenant scan of unfinished (`received`) rows.
  messages.index({ state: 1, updatedAt: 1 });
  const notices = new Schema<WhatsappSenderNoticeRecord>(
    {
      tenantId: { type: String, required: true, immutable: true },
      peerIndex: { type: String, required: true },
      notifiedAt: { type: Date, required: true },
    },
    { collection: 'whatsappSenderNotices', versionKey: false, autoIndex: false, autoCreate: false },
  );
  notices.plugin(tenancyPlugin, { context: tenantContext });
  notices.index({ tenantId: 1, peerIndex: 1 }, { unique: true });
  // A number told a day ago may be told again (it may have been linked and unlinked since).
  notices.index({ notifiedAt: 1 }, { expireAfterSeconds: NOTICE_TTL_SECONDS });
  return {
    messages: fresh(connection, 'WhatsappMessage', messages),
    notices: fresh(connection, 'WhatsappSenderNotice', notices),
  };
}
