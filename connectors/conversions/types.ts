/**
 * What a conversions client takes and answers. Declared here (structurally the plugin API's
 * `ConversionEvent` / `ConversionUploadResult`) so connectors import nothing of the host.
 * Identifiers arrive already normalised and hashed by the host (reference §7.1).
 */
export interface ConversionRecord {
  readonly eventId: string;
  readonly eventName: string;
  /** ISO 8601 instant. */
  readonly occurredAt: string;
  readonly actionSource: string;
  readonly pageUrl: string | null;
  readonly orderId: string | null;
  readonly valueCents: number | null;
  readonly currency: string | null;
  readonly hashed: Readonly<Partial<Record<HashedKey, string>>>;
  readonly clear: Readonly<Partial<Record<ClearKey, string>>>;
}

export type HashedKey =
  | 'email'
  | 'emailGoogle'
  | 'phoneDigits'
  | 'phoneE164'
  | 'firstName'
  | 'lastName'
  | 'city'
  | 'state'
  | 'zip'
  | 'country'
  | 'externalId'
  | 'gender'
  | 'dateOfBirth';

export type ClearKey =
  | 'ipAddress'
  | 'userAgent'
  | 'fbc'
  | 'fbp'
  | 'gclid'
  | 'gbraid'
  | 'wbraid'
  | 'ttclid'
  | 'ttp'
  | 'scClickId'
  | 'scCookie1'
  | 'liFatId'
  | 'city'
  | 'state'
  | 'zip'
  | 'countryCode'
  | 'firstName'
  | 'lastName';

export type ConversionOutcome =
  | { readonly eventId: string; readonly status: 'accepted' }
  | {
      readonly eventId: string;
      readonly status: 'rejected';
      readonly retryable: boolean;
      readonly reason: string;
    };

export interface ConversionUpload {
  readonly outcomes: readonly ConversionOutcome[];
  readonly retryAfterMs?: number;
}

export interface ConversionLimits {
  readonly maxBatchSize: number;
  readonly maxEventAgeMs: number;
  readonly dedupWindowMs: number;
}

/** A platform's conversions client: its limits, its event shape, and one upload call. */
export interface ConversionsClient {
  readonly platform: string;
  readonly limits: ConversionLimits;
  /** Never throws for a platform's answer: a whole-batch failure is one rejected outcome per event. */
  upload(events: readonly ConversionRecord[], signal?: AbortSignal): Promise<ConversionUpload>;
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
