/**
 * The chat engine's contract with its channels (socket.io web chat, REST, WhatsApp Cloud,
 * whatsapp-web.js): a channel authenticates the sender, maps them to a Stratum user of one
 * tenant, and asks the engine for the reply. The engine never sees channel details.
 */
import type { Frame } from '../nlu/frame.js';

/** Where a message came from. */
export type ChatChannelKind = 'web' | 'whatsapp' | 'whatsapp-web';

export type ChatLanguage = 'en' | 'ar' | 'uk';

/** One message of an authenticated user. */
export interface ChatInput {
  readonly tenantId: string;
  /** The Stratum user (an embed token's viewer has no user: its token id stands in). */
  readonly userId: string;
  readonly channel: ChatChannelKind;
  /** Follow-up context is kept per conversation key (e.g. channel + user, or a web chat id). */
  readonly conversationKey: string;
  readonly text: string;
  /** The user's preferred locale when known; otherwise the message's language decides. */
  readonly locale?: string;
  /** Platform/campaign scope an embed token restricts answers to, when any. */
  readonly scope?: { readonly platforms?: readonly string[]; readonly campaignIds?: readonly string[] };
}

/** Structured data beside the text, for the web chat widget to render. */
export type ChatPayload =
  | {
      readonly kind: 'table';
      readonly columns: readonly { readonly key: string; readonly label: string }[];
      readonly rows: readonly Readonly<Record<string, string | number | null>>[];
    }
  | {
      readonly kind: 'series';
      readonly metric: string;
      readonly points: readonly { readonly date: string; readonly value: number | null }[];
    };

/** The engine's answer to one message. */
export interface ChatReply {
  readonly text: string;
  readonly language: ChatLanguage;
  readonly payload: ChatPayload | null;
  /** What was understood, after follow-up merging (for logs, tests and the console). */
  readonly frame: Frame;
  /** Short suggestions a channel may show as quick replies. */
  readonly suggestions: readonly string[];
}

/** Answers chat messages from the KPI service (and the ML/alerts services when present). */
export interface ChatEngine {
  reply(input: ChatInput): Promise<ChatReply>;
}
