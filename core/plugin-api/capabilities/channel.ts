import type { CallContext } from '../call-context.js';

/** A message to send to one person on a channel. */
export interface OutboundMessage {
  /** Channel-specific address: an E.164 phone number for WhatsApp, a socket user id for web chat. */
  readonly to: string;
  readonly text: string;
  /** Optional quick replies the channel may render as buttons. */
  readonly quickReplies?: readonly string[];
}

/** What the channel said about a sent message. */
export interface SendResult {
  readonly messageExternalId: string;
  readonly acceptedAt: string;
}

/** A message a person sent us, already authenticated as coming from the channel. */
export interface InboundMessage {
  readonly messageExternalId: string;
  readonly from: string;
  readonly text: string;
  readonly receivedAt: string;
}

/** A raw webhook call as the host received it (the body unparsed, for signature checks). */
export interface InboundWebhook {
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly rawBody: string;
}

/** The answer to a webhook verification handshake (e.g. WhatsApp's `hub.challenge`). */
export type WebhookVerification =
  { readonly accepted: true; readonly responseBody: string } | { readonly accepted: false };

/** A chat channel (WhatsApp, …) sending and receiving messages. */
export interface Channel {
  /** Sends one message; throws a `PluginError` (`transient` with `retryAfterMs` when throttled). */
  send(message: OutboundMessage, ctx: CallContext): Promise<SendResult>;
  /** Answers the channel's subscription handshake. */
  verifyWebhook(request: InboundWebhook, ctx: CallContext): Promise<WebhookVerification>;
  /** Checks the webhook's signature and extracts its messages; an unsigned or forged call yields none. */
  receive(request: InboundWebhook, ctx: CallContext): Promise<readonly InboundMessage[]>;
}
