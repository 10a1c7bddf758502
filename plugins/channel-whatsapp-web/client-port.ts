/**
 * The slice of whatsapp-web.js's `Client` the adapter uses, so tests drive the adapter with a
 * fake client and never launch Chromium.
 */
export interface WhatsappWebIncoming {
  /** `447700900123@c.us` for a person; `…@g.us` groups, `status@broadcast`. */
  readonly from: string;
  readonly body: string;
  readonly id: string;
  readonly fromMe: boolean;
  /** `chat` for text; `image`, `ptt`, `location`… otherwise. */
  readonly type: string;
  /** Unix seconds. */
  readonly timestamp: number;
}

export interface WhatsappWebClientEvents {
  qr: (qr: string) => void;
  ready: () => void;
  authenticated: () => void;
  auth_failure: (message: string) => void;
  disconnected: (reason: string) => void;
  message: (message: WhatsappWebIncoming) => void;
}

export interface WhatsappWebClientPort {
  on<TEvent extends keyof WhatsappWebClientEvents>(
    event: TEvent,
    listener: WhatsappWebClientEvents[TEvent],
  ): void;
  initialize(): Promise<void>;
  /** Resolves with the sent message's id. */
  sendMessage(chatId: string, text: string): Promise<string>;
  destroy(): Promise<void>;
}

export interface WhatsappWebClientOptions {
  readonly sessionDir: string;
  readonly clientId: string;
  readonly chromiumPath: string;
}

export type WhatsappWebClientFactory = (options: WhatsappWebClientOptions) => WhatsappWebClientPort;
