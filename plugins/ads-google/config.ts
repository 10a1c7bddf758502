import { z } from 'zod';
import { customerIdSchema } from '../../connectors/google-ads/index.js';

/**
 * Configuration of an ads-google installation. Credentials are either OAuth client + refresh
 * token (refreshed access tokens are kept in plugin state) or a fixed access token (for a
 * gateway that mints them). Secrets: client secret, refresh token, access token, developer token.
 */
export const adsGoogleConfigSchema = z
  .object({
    /** The Google Ads customers to sync: 10 digits, no dashes. */
    customerIds: z.array(customerIdSchema).min(1).max(200),
    /** The manager (MCC) account the customers are reached through, sent as `login-customer-id`. */
    loginCustomerId: customerIdSchema.optional(),
    clientId: z.string().trim().min(1).max(300).optional(),
    clientSecret: z.string().min(1).max(300).optional(),
    refreshToken: z.string().min(1).max(2_000).optional(),
    accessToken: z.string().min(1).max(4_000).optional(),
    /** Sent as `developer-token` when set; Google ignores it since the 2026-09-09 sunset. */
    developerToken: z.string().min(1).max(100).optional(),
    /** Which columns count: `metrics.conversions(_value)` (default) or `metrics.all_conversions(_value)`. */
    conversionMetric: z.enum(['conversions', 'all_conversions']).default('conversions'),
    /**
     * Days before the end of every sync range that are read again: Google credits conversions
     * to the day of the click and they arrive late (its default conversion window is 30 days).
     */
    lateDataDays: z.number().int().min(0).max(90).default(30),
    /** Overrides `https://googleads.googleapis.com` (tests, proxies); the egress allowlist still applies. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Overrides Google's OAuth token endpoint, like `apiBaseUrl`. */
    oauthTokenUrl: z.url({ protocol: /^https?$/ }).optional(),
  })
  .strict()
  .superRefine((config, issues) => {
    const refresh = [config.clientId, config.clientSecret, config.refreshToken];
    const someRefresh = refresh.some((value) => value !== undefined);
    if (someRefresh && !refresh.every((value) => value !== undefined))
      issues.addIssue({
        code: 'custom',
        path: ['refreshToken'],
        message: 'OAuth needs the client id, client secret and refresh token together',
      });
    if (!someRefresh && config.accessToken === undefined)
      issues.addIssue({
        code: 'custom',
        path: ['refreshToken'],
        message: 'Enter OAuth credentials (client id, client secret, refresh token) or an access token',
      });
  });

/** Parsed ads-google configuration. */
export type AdsGoogleConfig = z.output<typeof adsGoogleConfigSchema>;
