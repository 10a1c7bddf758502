import { createWhatsappCloudClient } from '../../connectors/whatsapp-cloud/index.js';
import type { WhatsappCloudClientOptions } from '../../connectors/whatsapp-cloud/index.js';
import { definePlugin } from '../../core/plugin-api/index.js';
import { createWhatsappCloudChannel } from './channel.js';
import { createWhatsappCloudHealthCheck } from './health.js';
import { channelWhatsappCloudManifest } from './manifest.js';

/** Process-wide tuning (tests shorten the retry waits). */
export interface ChannelWhatsappCloudPluginOptions {
  /** Retries of one Graph call (default: 5 retries, 500 ms base, advised waits up to 15 min). */
  readonly retry?: WhatsappCloudClientOptions['retry'];
}

/** Builds the plugin; each installation gets one client, so pacing is per phone number. */
export function createChannelWhatsappCloudPlugin(options: ChannelWhatsappCloudPluginOptions = {}) {
  return definePlugin({
    manifest: channelWhatsappCloudManifest,
    setup(ctx) {
      const config = ctx.config;
      const client = createWhatsappCloudClient({
        http: ctx.http,
        accessToken: config.accessToken,
        phoneNumberId: config.phoneNumberId,
        maxPerSecond: config.maxMessagesPerSecond,
        ...(config.apiBaseUrl === undefined ? {} : { baseUrl: config.apiBaseUrl }),
        ...(config.apiVersion === undefined ? {} : { apiVersion: config.apiVersion }),
        ...(options.retry === undefined ? {} : { retry: options.retry }),
      });
      return {
        health: createWhatsappCloudHealthCheck(client),
        channel: createWhatsappCloudChannel({ config, client, clock: ctx.clock }),
      };
    },
  });
}

/** The channel-whatsapp-cloud plugin: KPI answers over the WhatsApp Cloud API. */
export const channelWhatsappCloudPlugin = createChannelWhatsappCloudPlugin();

export { channelWhatsappCloudConfigSchema } from './config.js';
export type { ChannelWhatsappCloudConfig } from './config.js';
export { channelWhatsappCloudManifest } from './manifest.js';
