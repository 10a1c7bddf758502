import type { HttpClient } from '../../../connectors/shared/index.js';
import { clearIdentifiers, hashIdentifiers } from '../../../core/conversions/identity-hashing.js';
import type { RawUserData } from '../../../core/conversions/identity-hashing.js';
import type { ConversionEvent, StandardConversionEvent } from '../../../core/plugin-api/index.js';

/** A plain fetch client with the connectors' HttpClient shape (tests talk to loopback fakes only). */
export const fetchHttp: HttpClient = {
  async request(request) {
    const url = new URL(request.url);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, String(value));
    const response = await fetch(url, {
      method: request.method,
      headers: { 'content-type': 'application/json', ...request.headers },
      ...(request.body === undefined
        ? {}
        : { body: typeof request.body === 'string' ? request.body : JSON.stringify(request.body) }),
      ...(request.signal === undefined ? {} : { signal: request.signal }),
    });
    const text = await response.text();
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    return { status: response.status, headers, text, json: () => JSON.parse(text) as unknown, attempts: 1 };
  },
};

export const PERSON: RawUserData = {
  email: 'Jane.Doe@Gmail.com',
  phone: '+44 20 7946 0958',
  firstName: 'Jane',
  lastName: "O'Doe",
  city: 'London',
  zip: 'SW1A 1AA',
  country: 'GB',
  externalId: 'cust-7',
  ipAddress: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (test)',
  clickIds: { fbc: 'fb.1.1.abc', gclid: 'Cj0KCQtest', ttclid: 'tt-1', scClickId: 'sc-1', liFatId: 'li-1' },
};

export function conversion(
  eventId: string,
  overrides: Partial<Omit<ConversionEvent, 'hashed' | 'clear'>> & { user?: RawUserData } = {},
): ConversionEvent {
  const user = overrides.user ?? PERSON;
  return {
    eventId,
    eventName: (overrides.eventName ?? 'Purchase') as StandardConversionEvent,
    occurredAt: overrides.occurredAt ?? new Date(Date.now() - 60_000).toISOString(),
    actionSource: overrides.actionSource ?? 'website',
    pageUrl: overrides.pageUrl ?? 'https://shop.example/checkout',
    orderId: overrides.orderId ?? `order-${eventId}`,
    valueCents: overrides.valueCents === undefined ? 12_345 : overrides.valueCents,
    currency: overrides.currency === undefined ? 'EUR' : overrides.currency,
    hashed: hashIdentifiers(user),
    clear: clearIdentifiers(user),
  };
}
