/**
 * Brings whatsapp-web.js messages into the product. WhatsApp Web has no webhook and the plugin
 * API has no "message arrived" event, so this loop collects what each enabled
 * `channel-whatsapp-web` installation buffered (`Channel.receive`, through the guarded
 * runtime) and hands every message to the same dispatcher as the Cloud webhook: one dedup claim
 * in `whatsappMessages`, one answer queue, replies through the guarded `Channel.send`.
 *
 * Polling an in-memory buffer is cheap; the interval is short right after traffic and backs
 * off to `maxMs` when quiet, and an installation whose calls fail waits longer before the next
 * try (its failures still count in the plugin breaker). A session only runs in a process that
 * started it: with `startSessions`, an installation seen for the first time gets a health
 * check, which starts its client (LocalAuth reuses the saved login, so no new QR code).
 */
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PluginRuntime } from '../../../core/plugins/plugin-runtime.js';
import { WHATSAPP_PLUGIN_IDS } from './inbound-dispatch.js';
import type { InboundDispatcher } from './inbound-dispatch.js';

const PLUGIN_ID = WHATSAPP_PLUGIN_IDS['whatsapp-web'];
/** `receive` ignores its request for whatsapp-web (nothing to authenticate): an empty one. */
const NO_REQUEST = { headers: {}, query: {}, rawBody: '' } as const;
const e164Schema = z.string().regex(/^\+\d{6,15}$/);

export interface WhatsappWebBridgeOptions {
  /** Delay after a poll that found messages (default 250 ms). */
  readonly minMs?: number;
  /** Delay when quiet, reached by doubling (default 2 s). */
  readonly maxMs?: number;
  /** How often the list of enabled installations is re-read (default 30 s). */
  readonly refreshMs?: number;
  /** Longest wait of an installation whose calls fail (default 60 s). */
  readonly failureMaxMs?: number;
  /** Start each installation's session when first seen (default true). */
  readonly startSessions?: boolean;
}

export interface WhatsappWebBridgeDeps extends WhatsappWebBridgeOptions {
  /** Tenants with an enabled whatsapp-web installation. */
  readonly tenants: () => Promise<string[]>;
  readonly runtime: Pick<PluginRuntime, 'channel' | 'check'>;
  readonly dispatcher: InboundDispatcher;
  readonly logger: Logger;
  readonly now?: () => number;
}

export interface WhatsappWebBridge {
  start(): void;
  /** Stops polling and waits for a poll under way (the answers it queued are the queue's). */
  stop(): Promise<void>;
  /** One pass over the installations; resolves with the number of messages accepted. */
  pollOnce(): Promise<number>;
}

export function createWhatsappWebBridge(deps: WhatsappWebBridgeDeps): WhatsappWebBridge {
  const minMs = deps.minMs ?? 250;
  const maxMs = deps.maxMs ?? 2_000;
  const refreshMs = deps.refreshMs ?? 30_000;
  const failureMaxMs = deps.failureMaxMs ?? 60_000;
  const now = deps.now ?? Date.now;
  const logger = deps.logger.child({ component: 'whatsapp-web-bridge' });
  let tenants: string[] = [];
  let refreshedAt = Number.NEGATIVE_INFINITY;
  const started = new Set<string>();
  const failing = new Map<string, { readonly until: number; readonly waitMs: number }>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let delay = maxMs;

  const refresh = async () => {
    if (now() - refreshedAt < refreshMs) return;
    tenants = await deps.tenants();
    refreshedAt = now();
    for (const tenantId of tenants) {
      if (started.has(tenantId) || deps.startSessions === false) continue;
      started.add(tenantId);
      // The outcome is the plugin module's to record; here it only starts the client.
      void deps.runtime
        .check(tenantId, PLUGIN_ID)
        .catch((error: unknown) => logger.warn({ err: error, tenantId }, 'whatsapp-web session not started'));
    }
  };

  const collect = async (tenantId: string): Promise<number> => {
    const channel = await deps.runtime.channel(tenantId, PLUGIN_ID);
    const messages = await channel.receive(NO_REQUEST, { signal: AbortSignal.timeout(10_000) });
    let accepted = 0;
    for (const message of messages) {
      const from = e164Schema.safeParse(message.from);
      if (!from.success) {
        logger.warn({ tenantId }, 'whatsapp-web message without a phone number ignored');
        continue;
      }
      const claimed = await deps.dispatcher.accept({
        tenantId,
        channel: 'whatsapp-web',
        messageId: message.messageExternalId,
        from: from.data,
        // The plugin hands non-text messages over with an empty text.
        text: message.text === '' ? null : message.text,
      });
      if (claimed) accepted += 1;
    }
    return accepted;
  };

  const pollOnce = async () => {
    await refresh();
    let accepted = 0;
    for (const tenantId of tenants) {
      const failure = failing.get(tenantId);
      if (failure !== undefined && failure.until > now()) continue;
      try {
        accepted += await collect(tenantId);
        failing.delete(tenantId);
      } catch (error) {
        const waitMs = Math.min(failureMaxMs, (failure?.waitMs ?? 500) * 2);
        failing.set(tenantId, { until: now() + waitMs, waitMs });
        logger.warn({ err: error, tenantId, retryInMs: waitMs }, 'whatsapp-web messages not collected');
      }
    }
    return accepted;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = pollOnce()
        .then((accepted) => {
          delay = accepted > 0 ? minMs : Math.min(maxMs, delay * 2);
        })
        .catch((error: unknown) => {
          delay = maxMs;
          logger.error({ err: error }, 'whatsapp-web poll failed');
        })
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, delay);
    timer.unref();
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      delay = minMs;
      schedule();
    },
    async stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
      await running;
    },
    pollOnce,
  };
}
