import { ConnectorError, isConnectorError } from '../shared/index.js';
import type { HttpClient, HttpRequest, HttpResponse } from '../shared/index.js';
import type { ConversionRecord, ConversionUpload } from './types.js';

/** Major units as a number for platforms that take `value` as a JSON number (2-decimal currencies assumed). */
export function centsToMajor(cents: number, currency: string | null): number {
  return ZERO_DECIMAL.has(currency ?? '') ? cents : cents / 100;
}

/** Major units as a decimal string, integer math only (LinkedIn `amount`). */
export function centsToDecimalString(cents: number, currency: string | null): string {
  if (ZERO_DECIMAL.has(currency ?? '')) return String(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG']);

export const unixSeconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Every event of the batch ends the same way (whole-batch success or failure). */
export function allAccepted(events: readonly ConversionRecord[]): ConversionUpload {
  return { outcomes: events.map((event) => ({ eventId: event.eventId, status: 'accepted' as const })) };
}

export function allRejected(events: readonly ConversionRecord[], error: ConnectorError): ConversionUpload {
  return {
    outcomes: events.map((event) => ({
      eventId: event.eventId,
      status: 'rejected' as const,
      retryable: error.retryable,
      reason: `${error.code}: ${error.message}`,
    })),
    ...(error.retryAfterMs === undefined ? {} : { retryAfterMs: error.retryAfterMs }),
  };
}

/**
 * One POST, no retries (the host retries per event with back-off across job runs); network
 * failures become transient errors.
 */
export async function send(
  http: HttpClient,
  request: HttpRequest,
  codePrefix: string,
): Promise<HttpResponse> {
  try {
    return await http.request({ ...request, retry: { retries: 0 } });
  } catch (error) {
    if (isConnectorError(error)) throw error;
    throw new ConnectorError('transient', 'The platform could not be reached', {
      code: `${codePrefix}_UNREACHABLE`,
      cause: error,
    });
  }
}

/** Parses a body that should be JSON; a non-JSON body is a transient (proxy, outage page) failure. */
export function jsonBody(response: HttpResponse, codePrefix: string): unknown {
  try {
    return response.json();
  } catch (error) {
    throw new ConnectorError('transient', `Unexpected non-JSON answer (HTTP ${response.status})`, {
      code: `${codePrefix}_BAD_RESPONSE`,
      status: response.status,
      cause: error,
    });
  }
}

/** Classification by HTTP status alone, for platforms without a richer error body. */
export function errorFromStatus(status: number, message: string, codePrefix: string, platformCode?: string) {
  const options = { code: `${codePrefix}_HTTP_${status}`, status, ...(platformCode ? { platformCode } : {}) };
  if (status === 401) return new ConnectorError('auth', message, options);
  if (status === 403) return new ConnectorError('permission', message, options);
  if (status === 404) return new ConnectorError('not_found', message, options);
  if (status === 429) return new ConnectorError('rate_limit', message, options);
  if (status >= 500) return new ConnectorError('transient', message, options);
  return new ConnectorError('invalid_request', message, options);
}

export async function uploadGuarded(
  events: readonly ConversionRecord[],
  run: () => Promise<ConversionUpload>,
): Promise<ConversionUpload> {
  if (events.length === 0) return { outcomes: [] };
  try {
    return await run();
  } catch (error) {
    if (isConnectorError(error)) return allRejected(events, error);
    throw error;
  }
}

/** Sets `key` only when `value` is present, so optional fields stay absent rather than null. */
export function compact<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined && entry !== null),
  ) as Partial<T>;
}
