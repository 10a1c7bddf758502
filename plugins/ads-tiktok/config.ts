import { z } from 'zod';

/** Configuration of an ads-tiktok installation. `accessToken` is the secret (write-only in the API). */
export const adsTiktokConfigSchema = z
  .object({
    /**
     * Long-lived advertiser access token from TikTok's authorisation flow. TikTok documents no
     * refresh token for the Marketing API (reference §3.1): a revoked token needs a new authorisation.
     */
    accessToken: z.string().min(8).max(512),
    /** Advertiser ids (numeric strings, not the Business Center id) to sync. */
    advertiserIds: z
      .array(z.string().regex(/^\d{1,20}$/, 'Expected a numeric advertiser id'))
      .min(1)
      .max(100),
    /** Which report metrics count; the defaults are the reference's (§8). */
    conversionMapping: z
      .object({
        conversions: z.enum(['complete_payment', 'conversion', 'purchase']).default('complete_payment'),
        revenue: z
          .enum(['total_complete_payment_rate', 'total_purchase_value', 'none'])
          .default('total_complete_payment_rate'),
      })
      .strict()
      .default({ conversions: 'complete_payment', revenue: 'total_complete_payment_rate' }),
    /** Days before a sync's last day read again every run: TikTok restates conversions for days. */
    lateDataDays: z.number().int().min(0).max(30).default(7),
    /** Replaces `https://business-api.tiktok.com` (proxies, gateways, tests); the egress allow list applies. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Report and campaign page size (TikTok's maximum is 1,000). */
    pageSize: z.number().int().min(1).max(1_000).default(1_000),
    /** Least wait after a rate-limit answer; TikTok sends no Retry-After (§3.5). */
    rateLimitWaitMs: z.number().int().min(100).max(60_000).default(1_000),
  })
  .strict();

/** Parsed ads-tiktok configuration. */
export type AdsTiktokConfig = z.output<typeof adsTiktokConfigSchema>;
