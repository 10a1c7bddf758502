import { ConnectorError } from '../shared/index.js';
import type { HttpClient, JsonLike } from '../shared/index.js';
import { centsToMajor, compact, jsonBody, send, uploadGuarded } from './batch-outcomes.js';
import type { ConversionOutcome, ConversionRecord, ConversionsClient } from './types.js';
import { DAY_MS, HOUR_MS } from './types.js';

export interface GoogleAdsConversionsOptions {
  readonly customerId: string;
  readonly accessToken: string;
  readonly developerToken?: string;
  readonly loginCustomerId?: string;
  /** `v26` (config). */
  readonly apiVersion: string;
  /** Conversion action id per standard event (`Purchase` → `987654`). */
  readonly conversionActions: Readonly<Record<string, string>>;
  readonly baseUrl?: string;
}

/** `yyyy-mm-dd hh:mm:ss+00:00` in UTC (Google accepts any offset; UTC avoids tz lookups). */
export function googleDateTime(iso: string): string {
  const date = new Date(iso).toISOString();
  return `${date.slice(0, 10)} ${date.slice(11, 19)}+00:00`;
}

/**
 * Reference §7.3: email (gmail dot rule) and phone (E.164) hashed, address parts in clear text;
 * a click id when there is one, else enhanced conversions for leads through `userIdentifiers`.
 */
export function toGoogleClickConversion(event: ConversionRecord, customerId: string, actionId: string) {
  const { hashed, clear } = event;
  const address =
    hashed.firstName !== undefined || clear.countryCode !== undefined || clear.zip !== undefined
      ? (compact({
          hashedFirstName: hashed.firstName,
          hashedLastName: hashed.lastName,
          city: clear.city,
          state: clear.state,
          postalCode: clear.zip,
          countryCode: clear.countryCode,
        }) as Record<string, string>)
      : undefined;
  const userIdentifiers: JsonLike[] = [
    ...(hashed.emailGoogle === undefined ? [] : [{ hashedEmail: hashed.emailGoogle }]),
    ...(hashed.phoneE164 === undefined ? [] : [{ hashedPhoneNumber: hashed.phoneE164 }]),
    ...(address === undefined ? [] : [{ addressInfo: address }]),
  ];
  return compact({
    gclid: clear.gclid,
    gbraid: clear.gclid === undefined ? clear.gbraid : undefined,
    wbraid: clear.gclid === undefined && clear.gbraid === undefined ? clear.wbraid : undefined,
    conversionAction: `customers/${customerId}/conversionActions/${actionId}`,
    conversionDateTime: googleDateTime(event.occurredAt),
    conversionValue: event.valueCents === null ? undefined : centsToMajor(event.valueCents, event.currency),
    currencyCode: event.valueCents === null ? undefined : event.currency,
    orderId: event.orderId ?? undefined,
    userIdentifiers: userIdentifiers.length === 0 ? undefined : userIdentifiers,
  });
}

function retryDelayMs(body: unknown): number | undefined {
  const text = JSON.stringify(body);
  const match = /"retryDelay"\s*:\s*"(\d+(?:\.\d+)?)s"/.exec(text);
  return match?.[1] === undefined ? undefined : Math.round(Number(match[1]) * 1000);
}

/** google.rpc.Status envelope (§2.5). */
export function classifyGoogleError(status: number, body: unknown): ConnectorError {
  const error = (body as { error?: { status?: unknown; message?: unknown } } | null)?.error;
  const canonical = typeof error?.status === 'string' ? error.status : `HTTP_${status}`;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  const delay = retryDelayMs(body);
  const options = {
    code: `GOOGLE_ADS_UPLOAD_${canonical}`,
    status,
    platformCode: canonical,
    ...(delay === undefined ? {} : { retryAfterMs: delay }),
  };
  if (status === 429) return new ConnectorError('rate_limit', message, options);
  if (status === 401) return new ConnectorError('auth', message, options);
  if (status === 403) return new ConnectorError('permission', message, options);
  if (status >= 500) return new ConnectorError('transient', message, options);
  return new ConnectorError('invalid_request', message, options);
}

/** Per-row failures sit in `partialFailureError.details[].errors[]`, located by `conversions[index]`. */
function partialFailures(body: unknown): Map<number, string> {
  const failures = new Map<number, string>();
  const details = (body as { partialFailureError?: { details?: unknown } }).partialFailureError?.details;
  if (!Array.isArray(details)) return failures;
  for (const detail of details as { errors?: unknown }[]) {
    if (!Array.isArray(detail.errors)) continue;
    for (const error of detail.errors as {
      message?: unknown;
      location?: { fieldPathElements?: { fieldName?: unknown; index?: unknown }[] };
    }[]) {
      const element = error.location?.fieldPathElements?.find((path) => path.fieldName === 'conversions');
      if (typeof element?.index === 'number')
        failures.set(element.index, typeof error.message === 'string' ? error.message : 'rejected');
    }
  }
  return failures;
}

export function createGoogleAdsConversionsClient(
  http: HttpClient,
  options: GoogleAdsConversionsOptions,
): ConversionsClient {
  const base = (options.baseUrl ?? 'https://googleads.googleapis.com').replace(/\/$/, '');
  return {
    platform: 'google-ads',
    // (verify) 2,000 conversions per request and 90 days after the click are Google's documented
    // limits outside our reference; dedup is by order id / gclid+action+time on Google's side.
    limits: { maxBatchSize: 2_000, maxEventAgeMs: 90 * DAY_MS, dedupWindowMs: 48 * HOUR_MS },
    async upload(events, signal) {
      const refused: ConversionOutcome[] = [];
      const rows: { event: ConversionRecord; actionId: string }[] = [];
      for (const event of events) {
        const actionId = options.conversionActions[event.eventName];
        if (actionId === undefined)
          refused.push({
            eventId: event.eventId,
            status: 'rejected',
            retryable: false,
            reason: `GOOGLE_ADS_NO_CONVERSION_ACTION: no conversion action configured for ${event.eventName}`,
          });
        else rows.push({ event, actionId });
      }
      const sent = await uploadGuarded(
        rows.map((row) => row.event),
        async () => {
          const response = await send(
            http,
            {
              method: 'POST',
              url: `${base}/${options.apiVersion}/customers/${options.customerId}:uploadClickConversions`,
              headers: compact({
                Authorization: `Bearer ${options.accessToken}`,
                'developer-token': options.developerToken,
                'login-customer-id': options.loginCustomerId,
              }) as Record<string, string>,
              body: {
                conversions: rows.map((row) =>
                  toGoogleClickConversion(row.event, options.customerId, row.actionId),
                ),
                partialFailure: true,
              },
              ...(signal === undefined ? {} : { signal }),
            },
            'GOOGLE_ADS_UPLOAD',
          );
          const body = jsonBody(response, 'GOOGLE_ADS_UPLOAD');
          if (response.status !== 200) throw classifyGoogleError(response.status, body);
          const failures = partialFailures(body);
          return {
            outcomes: rows.map(({ event }, index): ConversionOutcome => {
              const failure = failures.get(index);
              return failure === undefined
                ? { eventId: event.eventId, status: 'accepted' }
                : {
                    eventId: event.eventId,
                    status: 'rejected',
                    retryable: false,
                    reason: `GOOGLE_ADS_ROW: ${failure}`,
                  };
            }),
          };
        },
      );
      return { ...sent, outcomes: [...refused, ...sent.outcomes] };
    },
  };
}
