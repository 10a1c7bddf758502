import {
  createGoogleAdsConversionsClient,
  createLinkedinConversionsClient,
  createMetaConversionsClient,
  createSnapchatConversionsClient,
  createTiktokConversionsClient,
} from '../../connectors/conversions/index.js';
import type { ConversionsClient } from '../../connectors/conversions/index.js';
import type { HttpClient } from '../../connectors/shared/index.js';
import type {
  ConversionDestination,
  ConversionPlatform,
  ConversionsSink,
  EgressHttpClient,
} from '../../core/plugin-api/index.js';
import type { ConversionsCapiConfig } from './config.js';

const withBase = (baseUrl: string | undefined) => (baseUrl === undefined ? {} : { baseUrl });

/** The configured platforms that also have their token; a block without a token is skipped (the health check says so). */
export function buildClients(config: ConversionsCapiConfig, http: HttpClient): ConversionsClient[] {
  const clients: ConversionsClient[] = [];
  const { meta, googleAds, tiktok, snapchat, linkedin } = config;
  if (meta !== undefined && config.metaAccessToken !== undefined)
    clients.push(
      createMetaConversionsClient(http, {
        pixelId: meta.pixelId,
        accessToken: config.metaAccessToken,
        apiVersion: meta.apiVersion,
        ...withBase(meta.baseUrl),
        ...(meta.testEventCode === undefined ? {} : { testEventCode: meta.testEventCode }),
      }),
    );
  if (googleAds !== undefined && config.googleAdsAccessToken !== undefined)
    clients.push(
      createGoogleAdsConversionsClient(http, {
        customerId: googleAds.customerId,
        accessToken: config.googleAdsAccessToken,
        apiVersion: googleAds.apiVersion,
        conversionActions: googleAds.conversionActions,
        ...(config.googleAdsDeveloperToken === undefined
          ? {}
          : { developerToken: config.googleAdsDeveloperToken }),
        ...(googleAds.loginCustomerId === undefined ? {} : { loginCustomerId: googleAds.loginCustomerId }),
        ...withBase(googleAds.baseUrl),
      }),
    );
  if (tiktok !== undefined && config.tiktokAccessToken !== undefined)
    clients.push(
      createTiktokConversionsClient(http, {
        pixelCode: tiktok.pixelCode,
        accessToken: config.tiktokAccessToken,
        ...withBase(tiktok.baseUrl),
        ...(tiktok.testEventCode === undefined ? {} : { testEventCode: tiktok.testEventCode }),
      }),
    );
  if (snapchat !== undefined && config.snapchatAccessToken !== undefined)
    clients.push(
      createSnapchatConversionsClient(http, {
        pixelId: snapchat.pixelId,
        accessToken: config.snapchatAccessToken,
        ...withBase(snapchat.baseUrl),
      }),
    );
  if (linkedin !== undefined && config.linkedinAccessToken !== undefined)
    clients.push(
      createLinkedinConversionsClient(http, {
        accessToken: config.linkedinAccessToken,
        apiVersion: linkedin.apiVersion,
        conversionRules: linkedin.conversionRules,
        ...withBase(linkedin.baseUrl),
      }),
    );
  return clients;
}

/** The egress client is structurally the connectors' `HttpClient`. */
export function createConversionsSink(
  config: ConversionsCapiConfig,
  http: EgressHttpClient,
): ConversionsSink {
  const destinations: ConversionDestination[] = buildClients(config, http).map((client) => ({
    platform: client.platform as ConversionPlatform,
    limits: client.limits,
    upload: (events, ctx) => client.upload(events, ctx.signal),
  }));
  return { destinations: () => destinations };
}
