import type { CallContext } from '../call-context.js';

/** One conversion to report to a platform's server-to-server API; identifiers are hashed by the plugin. */
export interface ConversionEvent {
  readonly eventId: string;
  readonly eventName: string;
  readonly occurredAt: string;
  readonly valueCents: number | null;
  readonly currency: string | null;
  /** Raw identifiers (email, phone, click ids); the plugin normalises and hashes them as its platform requires. */
  readonly identifiers: Readonly<Record<string, string>>;
}

/** How many events a platform accepted and why the others were refused. */
export interface ConversionUploadResult {
  readonly accepted: number;
  readonly rejected: readonly { readonly eventId: string; readonly reason: string }[];
}

/** Sends conversions to an ad platform (Meta CAPI, Google uploads…). */
export interface ConversionsSink {
  /** Uploads a batch; deduplication is by `eventId`, so resending is safe. */
  upload(events: readonly ConversionEvent[], ctx: CallContext): Promise<ConversionUploadResult>;
}
