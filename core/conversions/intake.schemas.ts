import { z } from 'zod';
import { STANDARD_CONVERSION_EVENTS } from '../plugin-api/index.js';
import type { StandardConversionEvent } from '../plugin-api/index.js';
import { CLICK_ID_NAMES } from './identity-hashing.js';

export const MAX_EVENTS_PER_REQUEST = 1_000;

const ALIASES: Readonly<Record<string, StandardConversionEvent>> = {
  purchase: 'Purchase',
  order_completed: 'Purchase',
  completepayment: 'Purchase',
  lead: 'Lead',
  submitform: 'Lead',
  generate_lead: 'Lead',
  addtocart: 'AddToCart',
  add_to_cart: 'AddToCart',
  initiatecheckout: 'InitiateCheckout',
  begin_checkout: 'InitiateCheckout',
  completeregistration: 'CompleteRegistration',
  sign_up: 'CompleteRegistration',
  pageview: 'PageView',
  page_view: 'PageView',
  subscribe: 'Subscribe',
  contact: 'Contact',
};

/** Raw names (any case, GA4- and TikTok-style aliases) → the standard event; undefined when unknown. */
export function standardEventName(raw: string): StandardConversionEvent | undefined {
  const key = raw.trim().toLowerCase().replace(/[\s-]/g, '_');
  return ALIASES[key] ?? ALIASES[key.replace(/_/g, '')];
}

const text = (max: number) => z.string().trim().min(1).max(max);

const userDataSchema = z
  .object({
    email: text(320),
    phone: text(40),
    firstName: text(100),
    lastName: text(100),
    city: text(100),
    state: text(100),
    zip: text(20),
    country: text(64),
    externalId: text(200),
    gender: text(20),
    dateOfBirth: text(10),
    ipAddress: z.union([z.ipv4(), z.ipv6()]),
    userAgent: text(1_000),
    clickIds: z.partialRecord(z.enum(CLICK_ID_NAMES), text(500)),
  })
  .partial()
  .strict();

/**
 * One raw event of the intake batch. Time as ISO 8601 or Unix seconds. `consent.ads` must be
 * `true` for the event to be sent anywhere (absent = no consent: GDPR needs an opt-in).
 */
export const intakeEventSchema = z
  .object({
    eventName: text(100).refine((name) => standardEventName(name) !== undefined, {
      message: `Unknown event name; use one of ${STANDARD_CONVERSION_EVENTS.join(', ')}`,
    }),
    eventTime: z.union([
      z.iso.datetime({ offset: true }),
      z.number().int().min(1_000_000_000).max(99_999_999_999),
    ]),
    eventId: text(200),
    source: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,49}$/, 'Expected a short kebab-case source name such as web-shop')
      .optional(),
    actionSource: z
      .enum(['website', 'app', 'offline', 'crm', 'phone_call', 'chat', 'other'])
      .default('website'),
    pageUrl: z
      .url({ protocol: /^https?$/ })
      .max(2_000)
      .optional(),
    orderId: text(200).optional(),
    valueCents: z.number().int().min(0).max(1e13).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'Expected an ISO 4217 code')
      .optional(),
    user: userDataSchema.default({}),
    consent: z.object({ ads: z.boolean() }).strict().optional(),
  })
  .strict()
  .refine((event) => (event.valueCents === undefined) === (event.currency === undefined), {
    message: 'valueCents and currency go together',
    path: ['currency'],
  })
  .refine((event) => event.actionSource !== 'website' || event.pageUrl !== undefined, {
    message: 'pageUrl is required for website events',
    path: ['pageUrl'],
  });

export type IntakeEvent = z.output<typeof intakeEventSchema>;

/** The envelope; each event is validated on its own so one bad event does not sink the batch. */
export const intakeBodySchema = z.strictObject({
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS_PER_REQUEST),
});

export const intakeResponseSchema = z.object({
  accepted: z.array(
    z.object({
      index: z.number().int(),
      eventId: z.string(),
      qualityScore: z.number(),
      deliveries: z.record(z.string(), z.object({ status: z.string(), reason: z.string().nullable() })),
    }),
  ),
  rejected: z.array(
    z.object({ index: z.number().int(), eventId: z.string().nullable(), reason: z.string() }),
  ),
});
export type IntakeResponse = z.input<typeof intakeResponseSchema>;

export const qualityQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(7),
});

export const qualityResponseSchema = z.object({
  days: z.number().int(),
  data: z.array(
    z.object({
      source: z.string(),
      events: z.number().int(),
      score: z.number(),
      reasons: z.array(z.object({ component: z.string(), gain: z.number(), message: z.string() })),
    }),
  ),
});
