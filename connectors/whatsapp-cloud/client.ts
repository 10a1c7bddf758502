/**
 * The WhatsApp Cloud API client: text messages and read receipts through
 * `POST /{phone-number-id}/messages`, the phone number's profile for health checks. One Graph
 * request per attempt through the given HttpClient (its own retries off); every answer
 * classified; throttling retried with full-jitter back-off (never before `Retry-After`); sends
 * paced to at most `maxPerSecond` per phone number.
 */
import { ConnectorError, abortableSleep, isConnectorError, withRetries } from '../shared/index.js';
import type { HttpClient, HttpResponse, JsonLike, RetryOptions } from '../shared/index.js';
import { WHATSAPP_API_VERSION, WHATSAPP_DEFAULT_BASE_URL, WHATSAPP_TEXT_LIMIT } from './api-version.js';
import { classifyWhatsappResponse } from './errors.js';

export interface WhatsappCloudClientOptions {
  readonly http: HttpClient;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  /** Scheme and host replacing `https://graph.facebook.com` (tests, proxies). */
  readonly baseUrl?: string;
  readonly apiVersion?: string;
  readonly retry?: Omit<RetryOptions, 'signal' | 'onWait'>;
  /** Sends per second from this number (default 20, well under Meta's ~80/s). */
  readonly maxPerSecond?: number;
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

export interface WhatsappSendResult {
  readonly messageId: string;
  readonly waId: string | undefined;
}

export interface WhatsappPhoneNumberInfo {
  readonly id: string;
  readonly displayPhoneNumber: string | undefined;
  readonly verifiedName: string | undefined;
  readonly qualityRating: string | undefined;
}

export interface WhatsappClientStats {
  requests: number;
  rateLimitedAnswers: number;
  rateLimitWaitMs: number;
}

export interface WhatsappCloudClient {
  readonly stats: WhatsappClientStats;
  /** Sends one text (at most 4,096 characters: split longer answers first) to `to` (digits or E.164). */
  sendText(to: string, body: string, signal?: AbortSignal): Promise<WhatsappSendResult>;
  /** Marks an inbound message as read (blue ticks). */
  markRead(messageId: string, signal?: AbortSignal): Promise<void>;
  phoneNumber(signal?: AbortSignal): Promise<WhatsappPhoneNumberInfo>;
}

function parseBody(response: HttpResponse): unknown {
  if (response.text.length === 0) return undefined;
  try {
    return JSON.parse(response.text) as unknown;
  } catch {
    return undefined;
  }
}

/** Network failures of the host's client (kind `transient`) are worth a retry. */
function networkFailure(error: unknown): unknown {
  if (isConnectorError(error)) return error;
  if ((error as { kind?: unknown } | null)?.kind === 'transient')
    return new ConnectorError('transient', 'WhatsApp could not be reached', {
      code: 'WHATSAPP_UNREACHABLE',
      cause: error,
    });
  return error;
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

export function createWhatsappCloudClient(options: WhatsappCloudClientOptions): WhatsappCloudClient {
  const base = (options.baseUrl ?? WHATSAPP_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const version = options.apiVersion ?? WHATSAPP_API_VERSION.version;
  const now = options.now ?? Date.now;
  const spacingMs = 1000 / (options.maxPerSecond ?? 20);
  const sleep = options.retry?.sleep ?? abortableSleep;
  const stats: WhatsappClientStats = { requests: 0, rateLimitedAnswers: 0, rateLimitWaitMs: 0 };
  let nextSlot = 0;

  const pace = async (signal: AbortSignal | undefined) => {
    const slot = Math.max(now(), nextSlot);
    nextSlot = slot + spacingMs;
    const wait = slot - now();
    if (wait > 0) await sleep(wait, signal);
  };

  const attempt = async (
    method: 'GET' | 'POST',
    path: string,
    body: JsonLike | undefined,
    query: Readonly<Record<string, string>> | undefined,
    signal: AbortSignal | undefined,
  ): Promise<Record<string, unknown>> => {
    if (method === 'POST') await pace(signal);
    stats.requests += 1;
    let response: HttpResponse;
    try {
      response = await options.http.request({
        method,
        url: `${base}/${version}/${path}`,
        headers: { authorization: `Bearer ${options.accessToken}` },
        ...(body === undefined ? {} : { body }),
        ...(query === undefined ? {} : { query }),
        timeoutMs: options.timeoutMs ?? 30_000,
        retry: { retries: 0 },
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (error) {
      throw networkFailure(error);
    }
    const parsed = parseBody(response);
    const failure = classifyWhatsappResponse(response.status, parsed, response.headers);
    if (failure !== undefined) {
      if (failure.kind === 'rate_limit') stats.rateLimitedAnswers += 1;
      throw failure;
    }
    return asRecord(parsed);
  };

  const call = (
    method: 'GET' | 'POST',
    path: string,
    body: JsonLike | undefined,
    query: Readonly<Record<string, string>> | undefined,
    signal: AbortSignal | undefined,
  ) =>
    withRetries(() => attempt(method, path, body, query, signal), {
      ...options.retry,
      ...(signal === undefined ? {} : { signal }),
      onWait: ({ delayMs, error }) => {
        if (isConnectorError(error) && error.kind === 'rate_limit') stats.rateLimitWaitMs += delayMs;
      },
    });

  const messagesPath = `${encodeURIComponent(options.phoneNumberId)}/messages`;

  return {
    stats,
    async sendText(to, text, signal) {
      if (text.length === 0 || text.length > WHATSAPP_TEXT_LIMIT)
        throw new ConnectorError(
          'invalid_request',
          `A text message must have 1 to ${WHATSAPP_TEXT_LIMIT} characters`,
          {
            code: 'WHATSAPP_TEXT_LENGTH',
          },
        );
      const answer = await call(
        'POST',
        messagesPath,
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to: to.replace(/^\+/, ''),
          type: 'text',
          text: { body: text, preview_url: false },
        },
        undefined,
        signal,
      );
      const first = asRecord(Array.isArray(answer['messages']) ? answer['messages'][0] : undefined);
      const contact = asRecord(Array.isArray(answer['contacts']) ? answer['contacts'][0] : undefined);
      if (typeof first['id'] !== 'string')
        throw new ConnectorError('transient', 'WhatsApp accepted the message without a message id', {
          code: 'WHATSAPP_RESPONSE_INVALID',
        });
      return {
        messageId: first['id'],
        waId: typeof contact['wa_id'] === 'string' ? contact['wa_id'] : undefined,
      };
    },
    async markRead(messageId, signal) {
      await call(
        'POST',
        messagesPath,
        { messaging_product: 'whatsapp', status: 'read', message_id: messageId },
        undefined,
        signal,
      );
    },
    async phoneNumber(signal) {
      const answer = await call(
        'GET',
        encodeURIComponent(options.phoneNumberId),
        undefined,
        { fields: 'display_phone_number,verified_name,quality_rating' },
        signal,
      );
      const text = (key: string) => (typeof answer[key] === 'string' ? (answer[key] as string) : undefined);
      return {
        id: text('id') ?? options.phoneNumberId,
        displayPhoneNumber: text('display_phone_number'),
        verifiedName: text('verified_name'),
        qualityRating: text('quality_rating'),
      };
    },
  };
}
