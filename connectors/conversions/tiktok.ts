import { ConnectorError } from '../shared/index.js';
import type { HttpClient } from '../shared/index.js';
import {
  allAccepted,
  centsToMajor,
  compact,
  jsonBody,
  send,
  unixSeconds,
  uploadGuarded,
} from './batch-outcomes.js';
import type { ConversionRecord, ConversionsClient } from './types.js';
import { DAY_MS, HOUR_MS } from './types.js';

export interface TiktokConversionsOptions {
  readonly pixelCode: string;
  readonly accessToken: string;
  readonly baseUrl?: string;
  readonly testEventCode?: string;
}

const EVENT_NAMES: Readonly<Record<string, string>> = {
  Purchase: 'CompletePayment',
  Lead: 'Lead',
  AddToCart: 'AddToCart',
  InitiateCheckout: 'InitiateCheckout',
  CompleteRegistration: 'CompleteRegistration',
  PageView: 'ViewContent',
  Subscribe: 'Subscribe',
  Contact: 'Contact',
};

const EVENT_SOURCES: Readonly<Record<string, string>> = {
  website: 'web',
  app: 'app',
  offline: 'offline',
  crm: 'crm',
};

/** Reference §7.4: email/phone (E.164)/external id hashed; ttclid, ttp, ip, user agent raw. */
export function toTiktokEvent(event: ConversionRecord) {
  const { hashed, clear } = event;
  return compact({
    event: EVENT_NAMES[event.eventName] ?? event.eventName,
    event_time: unixSeconds(event.occurredAt),
    event_id: event.eventId,
    user: compact({
      email: hashed.email,
      phone: hashed.phoneE164,
      external_id: hashed.externalId,
      ttclid: clear.ttclid,
      ttp: clear.ttp,
      ip: clear.ipAddress,
      user_agent: clear.userAgent,
    }),
    properties:
      event.valueCents === null && event.orderId === null
        ? undefined
        : compact({
            value: event.valueCents === null ? undefined : centsToMajor(event.valueCents, event.currency),
            currency: event.valueCents === null ? undefined : event.currency,
            order_id: event.orderId ?? undefined,
          }),
    page: event.pageUrl === null ? undefined : { url: event.pageUrl },
  });
}

/** Errors arrive with HTTP 200 and a non-zero `code` (§3.5). */
export function classifyTiktokCode(code: number, message: string, status: number): ConnectorError {
  const options = { code: `TIKTOK_EVENTS_${code}`, status, platformCode: String(code) };
  if (code === 40100) return new ConnectorError('rate_limit', message, options);
  if (code === 40105 || code === 40101 || code === 40110) return new ConnectorError('auth', message, options);
  if (code === 40001) return new ConnectorError('permission', message, options);
  if (code >= 50000) return new ConnectorError('transient', message, options);
  return new ConnectorError('invalid_request', message, options);
}

export function createTiktokConversionsClient(
  http: HttpClient,
  options: TiktokConversionsOptions,
): ConversionsClient {
  const base = (options.baseUrl ?? 'https://business-api.tiktok.com').replace(/\/$/, '');
  return {
    platform: 'tiktok',
    // (verify) TikTok documents no batch or age limit in our reference; Meta-like values are used.
    limits: { maxBatchSize: 1_000, maxEventAgeMs: 7 * DAY_MS, dedupWindowMs: 48 * HOUR_MS },
    upload: (events, signal) =>
      uploadGuarded(events, async () => {
        const sources = new Set(events.map((event) => EVENT_SOURCES[event.actionSource] ?? 'web'));
        // One request per event_source: the field is per body, not per event.
        const groups = [...sources].map((source) =>
          events.filter((event) => (EVENT_SOURCES[event.actionSource] ?? 'web') === source),
        );
        for (const group of groups) {
          const response = await send(
            http,
            {
              method: 'POST',
              url: `${base}/open_api/v1.3/event/track/`,
              headers: { 'Access-Token': options.accessToken },
              body: {
                event_source: EVENT_SOURCES[group[0]?.actionSource ?? 'website'] ?? 'web',
                event_source_id: options.pixelCode,
                data: group.map(toTiktokEvent),
                ...(options.testEventCode === undefined ? {} : { test_event_code: options.testEventCode }),
              },
              ...(signal === undefined ? {} : { signal }),
            },
            'TIKTOK_EVENTS',
          );
          const body = jsonBody(response, 'TIKTOK_EVENTS') as { code?: unknown; message?: unknown };
          if (response.status >= 500)
            throw classifyTiktokCode(50000, `HTTP ${response.status}`, response.status);
          if (response.status === 429) throw classifyTiktokCode(40100, 'HTTP 429', response.status);
          const code = typeof body.code === 'number' ? body.code : -1;
          if (code !== 0)
            throw classifyTiktokCode(
              code,
              typeof body.message === 'string' ? body.message : 'error',
              response.status,
            );
        }
        return allAccepted(events);
      }),
  };
}
