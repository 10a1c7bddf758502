/**
 * `X-Hub-Signature-256` of webhook deliveries: `sha256=<hex HMAC-SHA256(app secret, raw body)>`.
 * The raw bytes as received are hashed (re-serialised JSON differs, notably with emoji or
 * accents) and compared in constant time. There is no timestamp: replays are stopped by
 * deduplicating message ids, not here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WHATSAPP_SIGNATURE_HEADER = 'x-hub-signature-256';

/** The header value Meta would send for `rawBody` (also what the test fake signs with). */
export function signWhatsappWebhook(rawBody: string | Buffer, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(rawBody).digest('hex')}`;
}

/** Whether `header` is the valid signature of `rawBody` under `appSecret`; false when missing or malformed. */
export function verifyWhatsappSignature(
  rawBody: string | Buffer,
  header: string | undefined,
  appSecret: string,
): boolean {
  if (header === undefined || appSecret === '') return false;
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (match?.[1] === undefined) return false;
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The subscription handshake (`GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`):
 * the challenge to echo when the token matches (constant-time), else `undefined`.
 */
export function verifyWhatsappSubscription(
  query: Readonly<Record<string, string | undefined>>,
  verifyToken: string,
): string | undefined {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || token === undefined || challenge === undefined || verifyToken === '')
    return undefined;
  // Only a plain token of digits/letters is echoed: never reflect markup.
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(challenge)) return undefined;
  const given = createHmac('sha256', 'verify').update(token).digest();
  const expected = createHmac('sha256', 'verify').update(verifyToken).digest();
  return timingSafeEqual(given, expected) ? challenge : undefined;
}
