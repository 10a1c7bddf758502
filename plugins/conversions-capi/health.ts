import type { HealthCheck } from '../../core/plugin-api/index.js';
import type { ConversionsCapiConfig } from './config.js';

const PLATFORMS = [
  ['meta', 'metaAccessToken'],
  ['googleAds', 'googleAdsAccessToken'],
  ['tiktok', 'tiktokAccessToken'],
  ['snapchat', 'snapchatAccessToken'],
  ['linkedin', 'linkedinAccessToken'],
] as const;

/**
 * Configuration health only: none of the five conversion APIs has a side-effect-free call in our
 * reference, so a bad token shows up as dead-lettered deliveries with the platform's reason.
 */
export function createConversionsHealthCheck(config: ConversionsCapiConfig): HealthCheck {
  return {
    async check() {
      const configured = PLATFORMS.filter(([block]) => config[block] !== undefined);
      const missingToken = configured
        .filter(([, token]) => config[token] === undefined)
        .map(([block]) => block);
      if (configured.length === 0) return { status: 'error', message: 'No platform is configured' };
      if (missingToken.length > 0)
        return { status: 'degraded', message: `Missing access token for: ${missingToken.join(', ')}` };
      return { status: 'ok', message: `Sending to: ${configured.map(([block]) => block).join(', ')}` };
    },
  };
}
