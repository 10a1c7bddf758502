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

export interface MetaConversionsOptions {
  readonly pixelId: string;
  readonly accessToken: string;
  /** Graph API version (config, never a literal in callers), e.g. `v26.0`. */
  readonly apiVersion: string;
  readonly baseUrl?: string;
  readonly testEventCode?: string;
}

const ACTION_SOURCES: Readonly<Record<string, string>> = {
  website: 'website',
  app: 'app',
  offline: 'physical_store',
  crm: 'system_generated',
  phone_call: 'phone_call',
  chat: 'chat',
  other: 'other',
};

const META_RATE_LIMIT_CODES = new Set([4, 17, 613, 80000, 80001, 80002, 80003, 80004, 80005]);

/** Reference §7.2: one event in Meta's CAPI shape; hashed keys as arrays of one. */
export function toMetaEvent(event: ConversionRecord) {
  const { hashed, clear } = event;
  const one = (value: string | undefined) => (value === undefined ? undefined : [value]);
  return compact({
    event_name: event.eventName,
    event_time: unixSeconds(event.occurredAt),
    event_id: event.eventId,
    action_source: ACTION_SOURCES[event.actionSource] ?? 'other',
    event_source_url: event.pageUrl ?? undefined,
    user_data: compact({
      em: one(hashed.email),
      ph: one(hashed.phoneDigits),
      fn: one(hashed.firstName),
      ln: one(hashed.lastName),
      ge: one(hashed.gender),
      db: one(hashed.dateOfBirth),
      ct: one(hashed.city),
      st: one(hashed.state),
      zp: one(hashed.zip),
      country: one(hashed.country),
      external_id: one(hashed.externalId),
      client_ip_address: clear.ipAddress,
      client_user_agent: clear.userAgent,
      fbc: clear.fbc,
      fbp: clear.fbp,
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

/** Graph error envelope (§1.5): decide on `error.code`, not the HTTP status. */
export function classifyMetaError(status: number, body: unknown): ConnectorError {
  const error = (body as { error?: { code?: unknown; message?: unknown; error_subcode?: unknown } } | null)
    ?.error;
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  const options = { code: `META_CAPI_${code ?? status}`, status, platformCode: String(code ?? status) };
  if (code !== undefined && META_RATE_LIMIT_CODES.has(code))
    return new ConnectorError('rate_limit', message, options);
  if (code === 1 || code === 2 || status >= 500) return new ConnectorError('transient', message, options);
  if (code === 190) return new ConnectorError('auth', message, options);
  if (code === 10 || code === 200 || code === 294) return new ConnectorError('permission', message, options);
  return new ConnectorError('invalid_request', message, options);
}

export function createMetaConversionsClient(
  http: HttpClient,
  options: MetaConversionsOptions,
): ConversionsClient {
  const base = (options.baseUrl ?? 'https://graph.facebook.com').replace(/\/$/, '');
  return {
    platform: 'meta',
    // Website events at most 7 days old; browser/server dedup window about 48 h (§7.2).
    limits: { maxBatchSize: 1_000, maxEventAgeMs: 7 * DAY_MS, dedupWindowMs: 48 * HOUR_MS },
    upload: (events, signal) =>
      uploadGuarded(events, async () => {
        const response = await send(
          http,
          {
            method: 'POST',
            url: `${base}/${options.apiVersion}/${encodeURIComponent(options.pixelId)}/events`,
            query: { access_token: options.accessToken },
            body: {
              data: events.map(toMetaEvent),
              ...(options.testEventCode === undefined ? {} : { test_event_code: options.testEventCode }),
            },
            ...(signal === undefined ? {} : { signal }),
          },
          'META_CAPI',
        );
        const body = jsonBody(response, 'META_CAPI');
        if (response.status !== 200 || (body as { error?: unknown }).error !== undefined)
          throw classifyMetaError(response.status, body);
        const received = (body as { events_received?: unknown }).events_received;
        if (received !== events.length)
          throw new ConnectorError(
            'transient',
            `Meta received ${String(received)} of ${events.length} events`,
            {
              code: 'META_CAPI_PARTIAL',
            },
          );
        return allAccepted(events);
      }),
  };
}
