/**
 * `Channel` and `HealthCheck` over a WhatsApp Web session. There is no webhook: `verifyWebhook`
 * refuses, and `receive` hands over the messages buffered since the last call (the request is
 * ignored). Sending splits at 4,096 characters like the Cloud channel, so answers read the same.
 */
import { splitWhatsappText } from '../../connectors/whatsapp-cloud/index.js';
import { PluginError } from '../../core/plugin-api/index.js';
import type { Channel, Clock, HealthCheck } from '../../core/plugin-api/index.js';
import type { WhatsappWebSession } from './session.js';

export function createWhatsappWebChannel(session: WhatsappWebSession, clock: Clock): Channel {
  return {
    async send(message) {
      if (session.state() !== 'ready')
        throw new PluginError('transient', 'WhatsApp Web is not connected', {
          code: 'WHATSAPP_WEB_NOT_READY',
          retryAfterMs: 30_000,
        });
      let last = '';
      try {
        for (const part of splitWhatsappText(message.text)) last = await session.send(message.to, part);
      } catch (error) {
        throw new PluginError('transient', 'WhatsApp Web could not send the message', {
          code: 'WHATSAPP_WEB_SEND_FAILED',
          cause: error,
        });
      }
      return { messageExternalId: last, acceptedAt: clock.now().toISOString() };
    },
    async verifyWebhook() {
      return { accepted: false };
    },
    async receive() {
      return session.drain();
    },
  };
}

export function createWhatsappWebHealthCheck(session: WhatsappWebSession): HealthCheck {
  return {
    async check() {
      session.start();
      const state = session.state();
      switch (state) {
        case 'ready':
          return { status: 'ok', message: 'WhatsApp Web is connected.' };
        case 'qr':
          return {
            status: 'degraded',
            message: 'Waiting for the QR code to be scanned (shown in the console).',
          };
        case 'auth_failure':
          return {
            status: 'auth_error',
            message: session.lastProblem() ?? 'WhatsApp Web login failed; scan a new QR code.',
          };
        case 'disconnected':
          return { status: 'error', message: session.lastProblem() ?? 'WhatsApp Web is disconnected.' };
        case 'idle':
        case 'starting':
          return { status: 'degraded', message: 'WhatsApp Web is starting.' };
        default:
          return assertNever(state);
      }
    },
  };
}

function assertNever(value: never): never {
  throw new TypeError(`Unhandled state ${String(value)}`);
}
