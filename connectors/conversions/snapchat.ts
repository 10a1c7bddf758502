import type { HttpClient } from '../shared/index.js';
import {
  allAccepted,
  centsToMajor,
  compact,
  errorFromStatus,
  jsonBody,
  send,
  unixSeconds,
  uploadGuarded,
} from './batch-outcomes.js';
import type { ConversionOutcome, ConversionRecord, ConversionsClient } from './types.js';
import { DAY_MS, HOUR_MS } from './types.js';

export interface SnapchatConversionsOptions {
  readonly pixelId: string;
  readonly accessToken: string;
  readonly baseUrl?: string;
}

/** Standard events Snapchat has a name for; others are refused before sending. */
export const SNAPCHAT_EVENT_NAMES: Readonly<Record<string, string>> = {
  Purchase: 'PURCHASE',
  AddToCart: 'ADD_CART',
  InitiateCheckout: 'START_CHECKOUT',
  CompleteRegistration: 'SIGN_UP',
  PageView: 'PAGE_VIEW',
  Subscribe: 'SUBSCRIBE',
};

const ACTION_SOURCES: Readonly<Record<string, string>> = { website: 'WEB', app: 'MOBILE_APP' };

/** Reference §7.5 (shape mirrors Meta's): `em`/`ph` hashed arrays (phone digits, no `+`), click ids raw. */
export function toSnapchatEvent(event: ConversionRecord) {
  const { hashed, clear } = event;
  const one = (value: string | undefined) => (value === undefined ? undefined : [value]);
  return compact({
    event_name: SNAPCHAT_EVENT_NAMES[event.eventName],
    event_time: unixSeconds(event.occurredAt),
    event_id: event.eventId,
    action_source: ACTION_SOURCES[event.actionSource] ?? 'OFFLINE',
    event_source_url: event.pageUrl ?? undefined,
    user_data: compact({
      em: one(hashed.email),
      ph: one(hashed.phoneDigits),
      client_ip_address: clear.ipAddress,
      client_user_agent: clear.userAgent,
      sc_click_id: clear.scClickId,
      sc_cookie1: clear.scCookie1,
    }),
    custom_data:
      event.valueCents === null && event.orderId === null
        ? undefined
        : compact({
            value: event.valueCents === null ? undefined : centsToMajor(event.valueCents, event.currency),
            currency: event.valueCents === null ? undefined : event.currency,
            order_id: event.orderId ?? undefined,
          }),
  });
}

export function createSnapchatConversionsClient(
  http: HttpClient,
  options: SnapchatConversionsOptions,
): ConversionsClient {
  const base = (options.baseUrl ?? 'https://tr.snapchat.com').replace(/\/$/, '');
  return {
    platform: 'snapchat',
    // At most 37 days old (§7.5); batch size and dedup window (verify) are not in our reference.
    limits: { maxBatchSize: 1_000, maxEventAgeMs: 37 * DAY_MS, dedupWindowMs: 48 * HOUR_MS },
    async upload(events, signal) {
      const unsupported: ConversionOutcome[] = events
        .filter((event) => SNAPCHAT_EVENT_NAMES[event.eventName] === undefined)
        .map((event) => ({
          eventId: event.eventId,
          status: 'rejected',
          retryable: false,
          reason: `SNAPCHAT_EVENT_UNSUPPORTED: Snapchat has no standard event for ${event.eventName}`,
        }));
      const sendable = events.filter((event) => SNAPCHAT_EVENT_NAMES[event.eventName] !== undefined);
      const sent = await uploadGuarded(sendable, async () => {
        const response = await send(
          http,
          {
            method: 'POST',
            url: `${base}/v3/${encodeURIComponent(options.pixelId)}/events`,
            query: { access_token: options.accessToken },
            body: { data: sendable.map(toSnapchatEvent) },
            ...(signal === undefined ? {} : { signal }),
          },
          'SNAPCHAT_CAPI',
        );
        // Rely on the HTTP status (§4.5); the body only adds a human-readable message.
        if (response.status !== 200) {
          const body = jsonBody(response, 'SNAPCHAT_CAPI') as {
            display_message?: unknown;
            error_code?: unknown;
          };
          const message =
            typeof body.display_message === 'string' ? body.display_message : `HTTP ${response.status}`;
          throw errorFromStatus(
            response.status,
            message,
            'SNAPCHAT_CAPI',
            typeof body.error_code === 'string' ? body.error_code : undefined,
          );
        }
        return allAccepted(sendable);
      });
      return { ...sent, outcomes: [...unsupported, ...sent.outcomes] };
    },
  };
}
