import { z } from 'zod';

/** Configuration of an ads-linkedin installation; tokens and the client secret are secrets. */
export const adsLinkedinConfigSchema = z
  .object({
    /** Member access token with r_ads, r_ads_reporting (rw_ads for actions); valid 60 days. */
    accessToken: z.string().min(8).max(2_000),
    /** When the access token expires (ISO instant), shown as days left in the health check. */
    accessTokenExpiresAt: z.iso.datetime({ offset: true }).optional(),
    /** Refresh tokens are available to approved partners; with them, expired tokens are refreshed. */
    refreshToken: z.string().min(8).max(2_000).optional(),
    clientId: z.string().min(1).max(200).optional(),
    clientSecret: z.string().min(1).max(500).optional(),
    /** Sponsored ad account ids (the number in `urn:li:sponsoredAccount:{id}`). */
    accountIds: z
      .array(z.string().regex(/^\d{1,20}$/, 'Expected a numeric ad account id'))
      .min(1)
      .max(100),
    /** Which analytics fields count; the defaults are the reference's (§8). */
    conversionMapping: z
      .object({
        conversions: z
          .enum(['externalWebsiteConversions', 'externalWebsitePostClickConversions', 'oneClickLeads'])
          .default('externalWebsiteConversions'),
        revenue: z.enum(['conversionValueInLocalCurrency', 'none']).default('conversionValueInLocalCurrency'),
      })
      .strict()
      .default({ conversions: 'externalWebsiteConversions', revenue: 'conversionValueInLocalCurrency' }),
    /** Days before a sync's last day read again every run (conversion windows run to 30 days and more). */
    lateDataDays: z.number().int().min(0).max(90).default(7),
    /** Replaces `https://api.linkedin.com`; the egress allow list applies. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Replaces `https://www.linkedin.com` (the OAuth token endpoint). */
    authBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Campaign search page size (LinkedIn's default is 100). */
    pageSize: z.number().int().min(1).max(1_000).default(100),
    /** Rows per sync batch (smaller batches checkpoint more often). */
    batchRows: z.number().int().min(1).max(1_000).default(1_000),
    /**
     * Campaign-days asked for in one adAnalytics call at most: answers are silently cut at 15,000
     * elements (§5.5), so windows shrink with the campaign count and, past this many campaigns,
     * the campaign list is split across calls (`campaigns` facet, tunnelled when long).
     */
    maxElementsPerCall: z.number().int().min(1).max(15_000).default(10_000),
    /** Least wait after HTTP 429; LinkedIn documents no Retry-After (§5.6). */
    rateLimitWaitMs: z.number().int().min(100).max(60_000).default(1_000),
  })
  .strict()
  .refine(
    (config) =>
      config.refreshToken === undefined ||
      (config.clientId !== undefined && config.clientSecret !== undefined),
    { message: 'A refresh token needs the app’s clientId and clientSecret', path: ['refreshToken'] },
  );

/** Parsed ads-linkedin configuration. */
export type AdsLinkedinConfig = z.output<typeof adsLinkedinConfigSchema>;
