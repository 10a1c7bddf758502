/**
 * The only mongoose user of the WhatsApp channels. Statuses only move forward
 * (sent → delivered → read; `failed` from any state), because Meta may deliver them out of
 * order and `read` may arrive without `delivered`.
 */
import { z } from 'zod';
import type { FieldCipher } from '../../../core/security/field-encryption.js';
import { isDuplicateKeyError } from '../../../core/tenants/tenant.repository.js';
import { NOTICE_TTL_SECONDS } from './whatsapp-message.model.js';
import type {
  InboundState,
  OutboundState,
  WhatsappMessageModel,
  WhatsappMessageRecord,
  WhatsappSenderNoticeModel,
} from './whatsapp-message.model.js';

export interface InboundClaim {
  readonly tenantId: string;
  readonly wamid: string;
  readonly channel: 'whatsapp' | 'whatsapp-web';
  readonly peerIndex: string;
  /** E.164 sender and text, sealed on the row until it is finished (crash recovery). */
  readonly from: string;
  readonly text: string | null;
  readonly at: Date;
}

/** A claimed inbound message nobody finished, as the crash sweeper sees it. */
export interface UnfinishedInbound {
  readonly tenantId: string;
  readonly wamid: string;
  readonly channel: 'whatsapp' | 'whatsapp-web';
  readonly peerIndex: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** `undefined` when the seal cannot be opened (key changed): the message cannot be answered. */
  readonly pending: { readonly from: string; readonly text: string | null } | undefined;
}

export interface OutboundRecord {
  readonly tenantId: string;
  readonly wamid: string;
  readonly channel: 'whatsapp' | 'whatsapp-web';
  readonly peerIndex: string;
  readonly userId: string | null;
  readonly inReplyTo: string;
  readonly part: number;
  readonly at: Date;
}

export interface StoredWhatsappMessage {
  readonly wamid: string;
  readonly direction: 'in' | 'out';
  readonly state: InboundState | OutboundState;
  readonly userId: string | null;
  readonly inReplyTo: string | null;
  readonly part: number | null;
  readonly errorCode: string | null;
  readonly history: readonly { readonly state: string; readonly at: Date }[];
}

export interface WhatsappMessageRepository {
  /** Inserts the inbound row; `false` when this wamid was already claimed (a replay). */
  claimInbound(claim: InboundClaim): Promise<boolean>;
  finishInbound(
    tenantId: string,
    wamid: string,
    outcome: {
      readonly state: InboundState;
      readonly userId: string | null;
      readonly errorCode?: string;
      readonly at: Date;
    },
  ): Promise<void>;
  recordOutbound(record: OutboundRecord): Promise<void>;
  /** Applies a status of one of our messages; `false` when the wamid is not ours or the status is stale. */
  applyStatus(
    tenantId: string,
    wamid: string,
    status: OutboundState,
    at: Date,
    errorCode: string | null,
  ): Promise<boolean>;
  /** Remembers that `peerIndex` was told it is not linked; `false` when it was within the last day. */
  rememberNotice(tenantId: string, peerIndex: string, at: Date): Promise<boolean>;
  /** Every tenant's `received` rows last touched at or before `cutoff`, oldest first. */
  unfinished(cutoff: Date, limit: number): Promise<UnfinishedInbound[]>;
  /**
   * Takes an unfinished row over for answering (its `updatedAt` becomes `at`); `false` when
   * someone finished or took it since it was read (`seenUpdatedAt` changed).
   */
  takeOver(message: UnfinishedInbound, at: Date): Promise<boolean>;
  list(tenantId: string, filter?: { readonly direction?: 'in' | 'out' }): Promise<StoredWhatsappMessage[]>;
}

/** States a status may replace: only earlier ones. */
const EARLIER: Readonly<Record<OutboundState, readonly OutboundState[]>> = {
  sent: [],
  delivered: ['sent'],
  read: ['sent', 'delivered'],
  failed: ['sent', 'delivered', 'read'],
};

const toStored = (record: WhatsappMessageRecord): StoredWhatsappMessage => ({
  wamid: record.wamid,
  direction: record.direction,
  state: record.state,
  userId: record.userId,
  inReplyTo: record.inReplyTo,
  part: record.part,
  errorCode: record.errorCode,
  history: record.history.map((entry) => ({ state: entry.state, at: entry.at })),
});

const pendingSchema = z.object({ from: z.string().min(1), text: z.string().nullable() }).strict();

const unfinishedRowSchema = z.object({
  tenantId: z.string(),
  wamid: z.string(),
  channel: z.enum(['whatsapp', 'whatsapp-web']),
  peerIndex: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
  pending: z.string().nullable().optional(),
});

export function createWhatsappMessageRepository(
  models: { readonly messages: WhatsappMessageModel; readonly notices: WhatsappSenderNoticeModel },
  cipher: FieldCipher,
): WhatsappMessageRepository {
  const { messages, notices } = models;
  // Bound to the row: a sealed value copied to another message or tenant does not open.
  const sealContext = (tenantId: string, wamid: string) => ({
    tenantId,
    field: `whatsappMessages.pending.${wamid}`,
  });
  const unseal = (tenantId: string, wamid: string, sealed: string | null | undefined) => {
    if (typeof sealed !== 'string') return undefined;
    try {
      const parsed = pendingSchema.safeParse(
        JSON.parse(cipher.decryptField(sealed, sealContext(tenantId, wamid))),
      );
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    async claimInbound(claim) {
      try {
        await messages.create({
          tenantId: claim.tenantId,
          wamid: claim.wamid,
          direction: 'in',
          channel: claim.channel,
          state: 'received',
          userId: null,
          peerIndex: claim.peerIndex,
          inReplyTo: null,
          part: null,
          errorCode: null,
          pending: cipher.encryptField(
            JSON.stringify({ from: claim.from, text: claim.text }),
            sealContext(claim.tenantId, claim.wamid),
          ),
          history: [{ state: 'received', at: claim.at }],
          createdAt: claim.at,
          updatedAt: claim.at,
        });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async finishInbound(tenantId, wamid, outcome) {
      await messages.updateOne(
        { tenantId, wamid, direction: 'in', state: 'received' },
        {
          $set: {
            state: outcome.state,
            userId: outcome.userId,
            errorCode: outcome.errorCode ?? null,
            pending: null,
            updatedAt: outcome.at,
          },
          $push: { history: { state: outcome.state, at: outcome.at } },
        },
      );
    },
    async recordOutbound(record) {
      await messages.create({
        tenantId: record.tenantId,
        wamid: record.wamid,
        direction: 'out',
        channel: record.channel,
        state: 'sent',
        userId: record.userId,
        peerIndex: record.peerIndex,
        inReplyTo: record.inReplyTo,
        part: record.part,
        errorCode: null,
        pending: null,
        history: [{ state: 'sent', at: record.at }],
        createdAt: record.at,
        updatedAt: record.at,
      });
    },
    async applyStatus(tenantId, wamid, status, at, errorCode) {
      if (status === 'sent') return false;
      const result = await messages.updateOne(
        { tenantId, wamid, direction: 'out', state: { $in: [...EARLIER[status]] } },
        {
          $set: { state: status, updatedAt: at, ...(errorCode === null ? {} : { errorCode }) },
          $push: { history: { state: status, at } },
        },
      );
      return result.modifiedCount > 0;
    },
    async rememberNotice(tenantId, peerIndex, at) {
      // The TTL monitor removes old rows only about once a minute: a row older than a day is
      // renewed here; a younger one makes the upsert collide with the unique index (→ false).
      const cutoff = new Date(at.getTime() - NOTICE_TTL_SECONDS * 1000);
      try {
        await notices.updateOne(
          { tenantId, peerIndex, notifiedAt: { $lte: cutoff } },
          { $set: { notifiedAt: at } },
          { upsert: true },
        );
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async unfinished(cutoff, limit) {
      // Cross-tenant on purpose (the sweeper serves every tenant): the native collection, as
      // the tenancy plugin refuses a filter without tenantId; each row keeps its tenantId.
      const rows = await messages.collection
        .find(
          { state: 'received', direction: 'in', updatedAt: { $lte: cutoff } },
          {
            projection: {
              _id: 0,
              tenantId: 1,
              wamid: 1,
              channel: 1,
              peerIndex: 1,
              createdAt: 1,
              updatedAt: 1,
              pending: 1,
            },
          },
        )
        .sort({ updatedAt: 1 })
        .limit(limit)
        .toArray();
      return rows.flatMap((row) => {
        const parsed = unfinishedRowSchema.safeParse(row);
        if (!parsed.success) return [];
        const { pending, ...rest } = parsed.data;
        return [{ ...rest, pending: unseal(rest.tenantId, rest.wamid, pending) }];
      });
    },
    async takeOver(message, at) {
      const result = await messages.updateOne(
        {
          tenantId: message.tenantId,
          wamid: message.wamid,
          direction: 'in',
          state: 'received',
          updatedAt: message.updatedAt,
        },
        { $set: { updatedAt: at }, $push: { history: { state: 'resumed', at } } },
      );
      return result.modifiedCount > 0;
    },
    async list(tenantId, filter = {}) {
      const rows = await messages
        .find({ tenantId, ...(filter.direction === undefined ? {} : { direction: filter.direction }) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<WhatsappMessageRecord[]>();
      return rows.map(toStored);
    },
  };
}
