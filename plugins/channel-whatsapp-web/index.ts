import { definePlugin } from '../../core/plugin-api/index.js';
import { createWhatsappWebChannel, createWhatsappWebHealthCheck } from './channel.js';
import type { WhatsappWebClientFactory } from './client-port.js';
import { channelWhatsappWebManifest } from './manifest.js';
import { createWhatsappWebSession } from './session.js';
import { createWhatsappWebJsClient } from './whatsapp-web-client.js';

export interface ChannelWhatsappWebPluginOptions {
  /** Default: whatsapp-web.js with LocalAuth and the configured Chromium. Tests pass a fake. */
  readonly clientFactory?: WhatsappWebClientFactory;
}

/** Builds the plugin; the client starts at the first health check (enable runs one), not at setup. */
export function createChannelWhatsappWebPlugin(options: ChannelWhatsappWebPluginOptions = {}) {
  const factory = options.clientFactory ?? createWhatsappWebJsClient;
  return definePlugin({
    manifest: channelWhatsappWebManifest,
    setup(ctx) {
      const session = createWhatsappWebSession({
        pluginId: ctx.pluginId,
        client: factory({
          sessionDir: ctx.config.sessionDir,
          clientId: ctx.config.clientId,
          chromiumPath: ctx.config.chromiumPath,
        }),
        state: ctx.state,
        events: ctx.events,
        logger: ctx.logger,
        clock: ctx.clock,
      });
      return {
        health: createWhatsappWebHealthCheck(session),
        channel: createWhatsappWebChannel(session, ctx.clock),
      };
    },
  });
}

/** The channel-whatsapp-web plugin: KPI answers over WhatsApp Web (whatsapp-web.js). */
export const channelWhatsappWebPlugin = createChannelWhatsappWebPlugin();

export { channelWhatsappWebConfigSchema } from './config.js';
export type { ChannelWhatsappWebConfig } from './config.js';
export type {
  WhatsappWebClientEvents,
  WhatsappWebClientFactory,
  WhatsappWebClientPort,
  WhatsappWebIncoming,
} from './client-port.js';
export { channelWhatsappWebManifest } from './manifest.js';
export { opaqueMessageId } from './session.js';
