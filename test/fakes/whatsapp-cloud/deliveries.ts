/**
 * Webhook deliveries as Meta sends them (reference §1 "Webhooks"): payload builders and the
 * signed POST itself, so tests exercise the real raw-body signature path.
 */
import { signWhatsappWebhook } from '../../../connectors/whatsapp-cloud/index.js';

export interface DeliveryTarget {
  readonly businessAccountId: string;
  readonly phoneNumberId: string;
  readonly displayPhoneNumber?: string;
}

const envelope = (target: DeliveryTarget, value: Record<string, unknown>) => ({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: target.businessAccountId,
      changes: [
        {
          field: 'messages',
          value: {
            messaging_product: 'whatsapp',
            metadata: {
              display_phone_number: target.displayPhoneNumber ?? '15550001111',
              phone_number_id: target.phoneNumberId,
            },
            ...value,
          },
        },
      ],
    },
  ],
});

export function inboundTextPayload(
  target: DeliveryTarget,
  message: {
    readonly from: string;
    readonly id: string;
    readonly text: string;
    readonly name?: string;
    readonly timestamp?: number;
  },
) {
  return envelope(target, {
    contacts: [{ profile: { name: message.name ?? 'Dana' }, wa_id: message.from }],
    messages: [
      {
        from: message.from,
        id: message.id,
        timestamp: String(message.timestamp ?? Math.floor(Date.now() / 1000)),
        type: 'text',
        text: { body: message.text },
      },
    ],
  });
}

export function inboundMediaPayload(
  target: DeliveryTarget,
  message: { readonly from: string; readonly id: string },
) {
  return envelope(target, {
    contacts: [{ profile: { name: 'Dana' }, wa_id: message.from }],
    messages: [
      {
        from: message.from,
        id: message.id,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: 'image',
        image: { mime_type: 'image/jpeg', sha256: 'abc', id: '1234567890' },
      },
    ],
  });
}

export function statusPayload(
  target: DeliveryTarget,
  status: {
    readonly id: string;
    readonly status: string;
    readonly recipientId: string;
    readonly errorCode?: number;
  },
) {
  return envelope(target, {
    statuses: [
      {
        id: status.id,
        status: status.status,
        timestamp: String(Math.floor(Date.now() / 1000)),
        recipient_id: status.recipientId,
        ...(status.errorCode === undefined
          ? {}
          : { errors: [{ code: status.errorCode, title: 'Message failed' }] }),
      },
    ],
  });
}

/**
 * POSTs `payload` to the webhook URL as Meta does. `appSecret: null` sends no signature;
 * `tamper` changes the body after signing.
 */
export async function deliverWebhook(
  url: string,
  payload: unknown,
  options: { readonly appSecret: string | null; readonly tamper?: (raw: string) => string },
): Promise<Response> {
  const raw = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.appSecret !== null)
    headers['x-hub-signature-256'] = signWhatsappWebhook(raw, options.appSecret);
  return fetch(url, {
    method: 'POST',
    headers,
    body: options.tamper === undefined ? raw : options.tamper(raw),
  });
}
