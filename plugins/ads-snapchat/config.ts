import { z } from 'zod';

const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Expected a Snapchat UUID');

/** Configuration of an ads-snapchat installation; the OAuth client secret and refresh token are secrets. */
export const adsSnapchatConfigSchema = z
  .object({
    /** OAuth app (Snap Business Manager → Business Details → OAuth apps). */
    clientId: z.string().min(1).max(200),
    clientSecret: z.string().min(1).max(500),
    /** Refresh token from the OAuth consent (scope `snapchat-marketing-api`); access tokens are refreshed from it. */
    refreshToken: z.string().min(8).max(2_000),
    /** Ad account ids to sync. */
    adAccountIds: z.array(uuid).min(1).max(100),
    /** Which stats count; the defaults are the reference's (§8). */
    conversionMapping: z
      .object({
        conversions: z
          .enum([
            'conversion_purchases',
            'conversion_sign_ups',
            'conversion_add_cart',
            'conversion_app_installs',
          ])
          .default('conversion_purchases'),
        revenue: z.enum(['conversion_purchases_value', 'none']).default('conversion_purchases_value'),
      })
      .strict()
      .default({ conversions: 'conversion_purchases', revenue: 'conversion_purchases_value' }),
    /** Attribution pinned so numbers are reproducible (§4.6). */
    swipeUpAttributionWindow: z.enum(['1_DAY', '7_DAY', '28_DAY']).default('28_DAY'),
    viewAttributionWindow: z.enum(['none', '1_HOUR', '3_HOUR', '6_HOUR', '1_DAY', '7_DAY']).default('1_DAY'),
    actionReportTime: z.enum(['conversion', 'impression']).default('conversion'),
    /** Days before a sync's last day read again every run (conversions land late). */
    lateDataDays: z.number().int().min(0).max(28).default(7),
    /** Replaces `https://adsapi.snapchat.com`; the egress allow list applies. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Replaces `https://accounts.snapchat.com` (the OAuth token endpoint). */
    authBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Campaign list page size (Snap allows 50–1,000). */
    pageSize: z.number().int().min(50).max(1_000).default(1_000),
    /** Rows per sync batch (the checkpoint moves once a whole stats window is stored). */
    batchRows: z.number().int().min(1).max(1_000).default(1_000),
    /**
     * Campaign-days asked for in one account stats request at most: the answer lists every
     * campaign-day, so this keeps it well below the egress client's response size cap.
     */
    statsEntriesPerRequest: z.number().int().min(1).max(100_000).default(25_000),
    /** Least wait after HTTP 429; Snap sends no Retry-After (§4.5). */
    rateLimitWaitMs: z.number().int().min(100).max(60_000).default(1_000),
  })
  .strict();

/** Parsed ads-snapchat configuration. */
export type AdsSnapchatConfig = z.output<typeof adsSnapchatConfigSchema>;
