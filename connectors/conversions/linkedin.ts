import { ConnectorError } from '../shared/index.js';
import type { HttpClient } from '../shared/index.js';
import {
  centsToDecimalString,
  compact,
  errorFromStatus,
  jsonBody,
  send,
  uploadGuarded,
} from './batch-outcomes.js';
import type { ConversionOutcome, ConversionRecord, ConversionsClient } from './types.js';
import { DAY_MS, HOUR_MS } from './types.js';

export interface LinkedinConversionsOptions {
  readonly accessToken: string;
  /** `LinkedIn-Version: YYYYMM` (config). */
  readonly apiVersion: string;
  /** Conversion rule id per standard event (`Purchase` → `123456`). */
  readonly conversionRules: Readonly<Record<string, string>>;
  readonly baseUrl?: string;
}

/** Reference §7.6: epoch milliseconds, SHA256_EMAIL, plain `userInfo`, decimal-string amount. */
export function toLinkedinEvent(event: ConversionRecord, ruleId: string) {
  const { hashed, clear } = event;
  const userIds = [
    ...(hashed.email === undefined ? [] : [{ idType: 'SHA256_EMAIL', idValue: hashed.email }]),
    ...(clear.liFatId === undefined
      ? []
      : [{ idType: 'LINKEDIN_FIRST_PARTY_ADS_TRACKING_UUID', idValue: clear.liFatId }]),
  ];
  const userInfo =
    clear.firstName !== undefined && clear.lastName !== undefined
      ? compact({ firstName: clear.firstName, lastName: clear.lastName, countryCode: clear.countryCode })
      : undefined;
  return compact({
    conversion: `urn:lla:llaPartnerConversion:${ruleId}`,
    conversionHappenedAt: Date.parse(event.occurredAt),
    eventId: event.eventId,
    conversionValue:
      event.valueCents === null || event.currency === null
        ? undefined
        : { currencyCode: event.currency, amount: centsToDecimalString(event.valueCents, event.currency) },
    user: compact({ userIds, userInfo }),
  });
}

function reasonOf(element: unknown): string {
  const error = (element as { error?: { message?: unknown; code?: unknown } }).error;
  return typeof error?.message === 'string' ? error.message : 'rejected';
}

export function createLinkedinConversionsClient(
  http: HttpClient,
  options: LinkedinConversionsOptions,
): ConversionsClient {
  const base = (options.baseUrl ?? 'https://api.linkedin.com').replace(/\/$/, '');
  return {
    platform: 'linkedin',
    // ≤ 90 days old; up to 5,000 per batch (community); dedup window (verify).
    limits: { maxBatchSize: 5_000, maxEventAgeMs: 90 * DAY_MS, dedupWindowMs: 48 * HOUR_MS },
    async upload(events, signal) {
      const unmapped: ConversionOutcome[] = [];
      const sendable: { event: ConversionRecord; ruleId: string }[] = [];
      for (const event of events) {
        const ruleId = options.conversionRules[event.eventName];
        if (ruleId === undefined)
          unmapped.push({
            eventId: event.eventId,
            status: 'rejected',
            retryable: false,
            reason: `LINKEDIN_NO_CONVERSION_RULE: no conversion rule configured for ${event.eventName}`,
          });
        else sendable.push({ event, ruleId });
      }
      const sent = await uploadGuarded(
        sendable.map((entry) => entry.event),
        async () => {
          const response = await send(
            http,
            {
              method: 'POST',
              url: `${base}/rest/conversionEvents`,
              headers: {
                Authorization: `Bearer ${options.accessToken}`,
                'LinkedIn-Version': options.apiVersion,
                'X-Restli-Protocol-Version': '2.0.0',
                'X-RestLi-Method': 'BATCH_CREATE',
              },
              body: { elements: sendable.map((entry) => toLinkedinEvent(entry.event, entry.ruleId)) },
              ...(signal === undefined ? {} : { signal }),
            },
            'LINKEDIN_CAPI',
          );
          const body = jsonBody(response, 'LINKEDIN_CAPI') as { elements?: unknown; message?: unknown };
          if (response.status >= 300) {
            const message = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
            throw errorFromStatus(response.status, message, 'LINKEDIN_CAPI');
          }
          if (!Array.isArray(body.elements) || body.elements.length !== sendable.length)
            throw new ConnectorError('transient', 'LinkedIn answered a batch of another size', {
              code: 'LINKEDIN_CAPI_BAD_RESPONSE',
            });
          const elements: unknown[] = body.elements;
          return {
            outcomes: sendable.map(({ event }, index): ConversionOutcome => {
              const status = (elements[index] as { status?: unknown }).status;
              if (status === 201 || status === 200) return { eventId: event.eventId, status: 'accepted' };
              const code = typeof status === 'number' ? status : 0;
              return {
                eventId: event.eventId,
                status: 'rejected',
                retryable: code === 429 || code >= 500,
                reason: `LINKEDIN_CAPI_${code}: ${reasonOf(elements[index])}`,
              };
            }),
          };
        },
      );
      return { ...sent, outcomes: [...unmapped, ...sent.outcomes] };
    },
  };
}
