import { css, html, nothing } from 'lit';
import { StratumElement } from '../controllers/stratum-element.js';
import type { ChatConnection, ChatMessageEntry } from '../runtime/chat-connection.js';
import { config } from '../runtime/config.js';
import { currentToken, renewToken } from '../runtime/token-store.js';

/**
 * The chat box: ask about your results in plain language. Closed, it costs only this element;
 * opening it loads the socket.io chunk and connects to `/chat` with the embed token.
 * @fires stratum-chat-open - when the box opens
 * @csspart panel @csspart log @csspart input
 */
export class StratumChat extends StratumElement {
  static override styles = [
    ...StratumElement.styles,
    css`
      .log {
        max-height: 260px;
        overflow-y: auto;
        display: flex;
        flex-direction: column;
        gap: 6px;
        margin: 8px 0;
        font-size: 0.875rem;
      }
      .msg {
        padding: 6px 10px;
        border-radius: 10px;
        max-width: 85%;
        white-space: pre-wrap;
      }
      .user {
        align-self: flex-end;
        border: 1px solid var(--_accent);
      }
      .assistant {
        align-self: flex-start;
        border: 1px solid var(--_border);
      }
      form {
        display: flex;
        gap: 6px;
      }
      input {
        flex: 1;
        min-width: 0;
        font: inherit;
        color: inherit;
        background: transparent;
        border: 1px solid var(--_border);
        border-radius: 6px;
        padding: 6px 8px;
      }
    `,
  ];
  static override properties = {
    ...StratumElement.properties,
    open: { type: Boolean, reflect: true },
    messages: { state: true },
    typing: { state: true },
    failed: { state: true },
  };

  declare open: boolean;
  declare messages: readonly ChatMessageEntry[];
  declare typing: boolean;
  declare failed: boolean;
  private connection: ChatConnection | undefined;

  constructor() {
    super();
    this.open = false;
    this.messages = [];
    this.typing = false;
    this.failed = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.connection?.close();
    this.connection = undefined;
  }

  private async toggle(): Promise<void> {
    this.open = !this.open;
    if (!this.open || this.connection !== undefined) return;
    this.dispatchEvent(new CustomEvent('stratum-chat-open', { bubbles: true, composed: true }));
    try {
      const { openChat } = await import('../runtime/chat-connection.js');
      this.connection = await openChat(
        this.uiLocale,
        {
          onReply: () => undefined,
          onTyping: (typing) => (this.typing = typing),
          onHistory: (messages) => (this.messages = messages),
          onStatus: (connected) => (this.failed = !connected),
        },
        { apiBase: config.apiBase, currentToken, renewToken },
      );
    } catch {
      this.failed = true;
    }
  }

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const input = form.elements.namedItem('q') as HTMLInputElement;
    const text = input.value.trim();
    if (text === '' || this.connection === undefined) return;
    input.value = '';
    this.messages = [...this.messages, { role: 'user', text }];
    try {
      const reply = await this.connection.send(text);
      this.messages = [...this.messages, { role: 'assistant', text: reply.text }];
    } catch {
      this.failed = true;
    }
  }

  override render() {
    return html`<section role="group" aria-label=${this.tr('chat')}>
      <h2 part="title">${this.tr('chat')}</h2>
      <button part="toggle" aria-expanded=${String(this.open)} @click=${() => void this.toggle()}>
        ${this.tr(this.open ? 'closeChat' : 'openChat')}
      </button>
      ${
        this.open
          ? html`<div part="panel">
              <div part="log" class="log" role="log" aria-live="polite">
                ${this.messages.map((message) => html`<div class="msg ${message.role}">${message.text}</div>`)}
                ${this.typing ? html`<div class="msg assistant">${this.tr('typing')}</div>` : nothing}
              </div>
              ${this.failed ? html`<p class="state" role="alert">${this.tr('chatUnavailable')}</p>` : nothing}
              <form @submit=${(event: SubmitEvent) => void this.submit(event)}>
                <input
                  part="input"
                  name="q"
                  aria-label=${this.tr('chat')}
                  placeholder=${this.tr('placeholder')}
                  autocomplete="off"
                />
                <button type="submit">${this.tr('send')}</button>
              </form>
            </div>`
          : nothing
      }
    </section>`;
  }
}
