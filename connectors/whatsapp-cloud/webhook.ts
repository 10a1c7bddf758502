/**
 * Webhook payloads (`object: whatsapp_business_account`) parsed with zod into inbound messages
 * and statuses of our messages, each tagged with the phone number id it concerns. Unknown
 * fields are tolerated (Meta adds them); changes of other fields than `messages` are skipped.
 */
import { z } from 'zod';

const digits = z.string().regex(/^\d{5,20}$/);
const unixSeconds = z.string().regex(/^\d{1,12}$/);

const messageSchema = z.looseObject({
  from: digits,
  id: z.string().min(1).max(256),
  timestamp: unixSeconds,
  type: z.string().min(1).max(40),
  text: z.looseObject({ body: z.string().max(65_536) }).optional(),
});

const statusSchema = z.looseObject({
  id: z.string().min(1).max(256),
  status: z.string().min(1).max(40),
  timestamp: unixSeconds,
  recipient_id: z.string().max(40).optional(),
  errors: z
    .array(z.looseObject({ code: z.number().int(), title: z.string().max(500).optional() }))
    .max(20)
    .optional(),
});

const valueSchema = z.looseObject({
  messaging_product: z.literal('whatsapp'),
  metadata: z.looseObject({ display_phone_number: z.string().max(40).optional(), phone_number_id: digits }),
  contacts: z
    .array(
      z.looseObject({
        wa_id: z.string().max(40),
        profile: z.looseObject({ name: z.string().max(200) }).optional(),
      }),
    )
    .max(100)
    .optional(),
  messages: z.array(messageSchema).max(100).optional(),
  statuses: z.array(statusSchema).max(100).optional(),
});

const changeSchema = z.looseObject({ field: z.string().max(100), value: z.unknown() });

export const whatsappWebhookSchema = z.looseObject({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(z.looseObject({ id: z.string().max(40), changes: z.array(changeSchema).max(100) })).max(100),
});

/** Statuses Meta reports for messages we sent. */
export const WHATSAPP_STATUSES = ['sent', 'delivered', 'read', 'failed'] as const;
export type WhatsappStatus = (typeof WHATSAPP_STATUSES)[number];

/** A message a person sent to one of our numbers. `text` is `null` for non-text types. */
export interface WhatsappInboundMessage {
  readonly phoneNumberId: string;
  readonly businessAccountId: string;
  readonly messageId: string;
  /** The sender's `wa_id`: E.164 digits without `+`. */
  readonly from: string;
  readonly receivedAt: string;
  readonly type: string;
  readonly text: string | null;
}

/** What Meta said about one message we sent. */
export interface WhatsappStatusUpdate {
  readonly phoneNumberId: string;
  readonly messageId: string;
  readonly status: WhatsappStatus;
  readonly at: string;
  readonly recipientId: string | undefined;
  readonly errorCodes: readonly number[];
}

export interface ParsedWhatsappWebhook {
  /** Distinct phone number ids the payload concerns (to route it before checking its signature). */
  readonly phoneNumberIds: readonly string[];
  readonly messages: readonly WhatsappInboundMessage[];
  readonly statuses: readonly WhatsappStatusUpdate[];
}

const isoOf = (seconds: string) => new Date(Number(seconds) * 1000).toISOString();
const isStatus = (value: string): value is WhatsappStatus =>
  (WHATSAPP_STATUSES as readonly string[]).includes(value);

/** Parses a delivery's raw body; `undefined` when it is not JSON or not a WhatsApp payload. */
export function parseWhatsappWebhook(rawBody: string): ParsedWhatsappWebhook | undefined {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return undefined;
  }
  const parsed = whatsappWebhookSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const phoneNumberIds = new Set<string>();
  const messages: WhatsappInboundMessage[] = [];
  const statuses: WhatsappStatusUpdate[] = [];
  for (const entry of parsed.data.entry)
    for (const change of entry.changes) {
      if (change.field !== 'messages') continue;
      const value = valueSchema.safeParse(change.value);
      if (!value.success) continue;
      const phoneNumberId = value.data.metadata.phone_number_id;
      phoneNumberIds.add(phoneNumberId);
      for (const message of value.data.messages ?? [])
        messages.push({
          phoneNumberId,
          businessAccountId: entry.id,
          messageId: message.id,
          from: message.from,
          receivedAt: isoOf(message.timestamp),
          type: message.type,
          text: message.type === 'text' && message.text !== undefined ? message.text.body : null,
        });
      for (const status of value.data.statuses ?? []) {
        if (!isStatus(status.status)) continue;
        statuses.push({
          phoneNumberId,
          messageId: status.id,
          status: status.status,
          at: isoOf(status.timestamp),
          recipientId: status.recipient_id,
          errorCodes: (status.errors ?? []).map((error) => error.code),
        });
      }
    }
  return { phoneNumberIds: [...phoneNumberIds], messages, statuses };
}

/** `447700900123` → `+447700900123`. */
export const waIdToE164 = (waId: string): string => `+${waId.replace(/^\+/, '')}`;
/** `+447700900123` → `447700900123` (the `to` of a send). */
export const e164ToWaId = (phone: string): string => phone.replace(/^\+/, '');
