import type { CallContext } from '../call-context.js';

/** The platforms a conversions sink can deliver to (one destination each). */
export const CONVERSION_PLATFORMS = ['meta', 'google-ads', 'tiktok', 'snapchat', 'linkedin'] as const;

/** One of {@link CONVERSION_PLATFORMS}. */
export type ConversionPlatform = (typeof CONVERSION_PLATFORMS)[number];

/** The standard events the host maps raw event names to; each platform maps them to its own names. */
export const STANDARD_CONVERSION_EVENTS = [
  'Purchase',
  'Lead',
  'AddToCart',
  'InitiateCheckout',
  'CompleteRegistration',
  'PageView',
  'Subscribe',
  'Contact',
] as const;

/** One of {@link STANDARD_CONVERSION_EVENTS}. */
export type StandardConversionEvent = (typeof STANDARD_CONVERSION_EVENTS)[number];

/** Where the event happened; platforms name these differently (Meta `website`, Snap `WEB`…). */
export type ConversionActionSource = 'website' | 'app' | 'offline' | 'crm' | 'phone_call' | 'chat' | 'other';

/**
 * Identifiers already normalised and SHA-256 hashed by the host at intake (reference §7.1), one
 * per normalisation variant a platform rule needs: the host never stores the raw value, so a
 * sink picks the variant its platform wants instead of hashing itself. Lower-case hex.
 */
export interface HashedIdentifiers {
  /** trim + lower-case (Meta, TikTok, Snapchat, LinkedIn `SHA256_EMAIL`). */
  readonly email?: string;
  /** trim + lower-case + Google's gmail.com / googlemail.com dot rule. */
  readonly emailGoogle?: string;
  /** Digits with country code, no `+`, no leading zeros (Meta, Snapchat). */
  readonly phoneDigits?: string;
  /** E.164 with `+` (Google, TikTok). */
  readonly phoneE164?: string;
  readonly firstName?: string;
  readonly lastName?: string;
  /** Meta's rules: lower-case, no spaces / 2-letter state / first 5 digits of a US zip / alpha-2. */
  readonly city?: string;
  readonly state?: string;
  readonly zip?: string;
  readonly country?: string;
  readonly externalId?: string;
  readonly gender?: string;
  readonly dateOfBirth?: string;
}

/**
 * Values a platform takes in clear text (IP, user agent, click ids; Google's address parts,
 * LinkedIn's `userInfo`). The host keeps them encrypted only until every destination has the
 * event, then clears them.
 */
export interface ClearIdentifiers {
  readonly ipAddress?: string;
  readonly userAgent?: string;
  readonly fbc?: string;
  readonly fbp?: string;
  readonly gclid?: string;
  readonly gbraid?: string;
  readonly wbraid?: string;
  readonly ttclid?: string;
  readonly ttp?: string;
  readonly scClickId?: string;
  readonly scCookie1?: string;
  readonly liFatId?: string;
  /** Normalised for Google (trim, lower-case; country alpha-2 upper-case as Google expects). */
  readonly city?: string;
  readonly state?: string;
  readonly zip?: string;
  readonly countryCode?: string;
  /** LinkedIn `userInfo` is plain text (trimmed, case kept). */
  readonly firstName?: string;
  readonly lastName?: string;
}

/** One conversion as the host hands it to a sink: standard name, hashes, the clear fields. */
export interface ConversionEvent {
  /** Dedup key shared with the browser pixel / tag. */
  readonly eventId: string;
  readonly eventName: StandardConversionEvent;
  /** ISO 8601 instant. */
  readonly occurredAt: string;
  readonly actionSource: ConversionActionSource;
  readonly pageUrl: string | null;
  readonly orderId: string | null;
  /** Integer minor units with `currency`; both null when the event has no value. */
  readonly valueCents: number | null;
  readonly currency: string | null;
  readonly hashed: HashedIdentifiers;
  readonly clear: ClearIdentifiers;
}

/** A platform's documented limits, which the host batches, refuses and deduplicates by. */
export interface ConversionPlatformLimits {
  readonly maxBatchSize: number;
  /** Events older than this are refused before sending. */
  readonly maxEventAgeMs: number;
  /** Same (event name, event id) within this window is sent once. */
  readonly dedupWindowMs: number;
}

/** How one event of an upload ended; `retryable` rejections are tried again later. */
export type ConversionEventOutcome =
  | { readonly eventId: string; readonly status: 'accepted' }
  | {
      readonly eventId: string;
      readonly status: 'rejected';
      readonly retryable: boolean;
      readonly reason: string;
    };

/** What a platform answered for a batch: one outcome per event sent, in any order. */
export interface ConversionUploadResult {
  readonly outcomes: readonly ConversionEventOutcome[];
  /** When the whole batch failed retryably (rate limit, 5xx): the platform's advised wait. */
  readonly retryAfterMs?: number;
}

/** One enabled platform of a conversions installation. */
export interface ConversionDestination {
  readonly platform: ConversionPlatform;
  readonly limits: ConversionPlatformLimits;
  /**
   * Uploads at most `limits.maxBatchSize` events. A whole-batch failure (auth, rate limit,
   * outage) is reported as a rejected outcome per event with `retryable` set as it deserves,
   * never thrown, so the host can count attempts per event.
   */
  upload(events: readonly ConversionEvent[], ctx: CallContext): Promise<ConversionUploadResult>;
}

/** Sends conversions to ad platforms' server-to-server APIs (Meta CAPI, Google uploads…). */
export interface ConversionsSink {
  /** The platforms this installation is configured for. */
  destinations(): readonly ConversionDestination[];
}
