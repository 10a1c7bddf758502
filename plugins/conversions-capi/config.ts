import { z } from 'zod';
import { STANDARD_CONVERSION_EVENTS } from '../../core/plugin-api/index.js';

const baseUrl = z.url({ protocol: /^https?$/ }).optional();
const secret = z.string().min(10).max(4_000).optional();
const idMap = z.partialRecord(z.enum(STANDARD_CONVERSION_EVENTS), z.string().regex(/^\d{1,20}$/));

/**
 * One installation, every platform (decision 007): each block enables a platform; its token is a
 * top-level secret field (encrypted at rest, write-only in the API). `baseUrl` replaces the
 * platform's host (tests, proxies); the host's egress guard still applies.
 */
export const conversionsCapiConfigSchema = z
  .object({
    meta: z
      .object({
        pixelId: z.string().regex(/^\d{5,20}$/, 'Expected the numeric pixel / dataset id'),
        apiVersion: z
          .string()
          .regex(/^v\d{2}\.0$/)
          .default('v26.0'),
        testEventCode: z.string().max(50).optional(),
        baseUrl,
      })
      .strict()
      .optional(),
    googleAds: z
      .object({
        customerId: z.string().regex(/^\d{10}$/, 'Expected the 10-digit customer id without dashes'),
        loginCustomerId: z
          .string()
          .regex(/^\d{10}$/)
          .optional(),
        apiVersion: z
          .string()
          .regex(/^v\d{2}$/)
          .default('v26'),
        conversionActions: idMap,
        baseUrl,
      })
      .strict()
      .optional(),
    tiktok: z
      .object({ pixelCode: z.string().min(5).max(40), testEventCode: z.string().max(50).optional(), baseUrl })
      .strict()
      .optional(),
    snapchat: z
      .object({ pixelId: z.string().min(5).max(64), baseUrl })
      .strict()
      .optional(),
    linkedin: z
      .object({
        apiVersion: z
          .string()
          .regex(/^\d{6}$/)
          .default('202606'),
        conversionRules: idMap,
        baseUrl,
      })
      .strict()
      .optional(),
    metaAccessToken: secret,
    googleAdsAccessToken: secret,
    googleAdsDeveloperToken: secret,
    tiktokAccessToken: secret,
    snapchatAccessToken: secret,
    linkedinAccessToken: secret,
  })
  .strict();

/** Parsed conversions-capi configuration. */
export type ConversionsCapiConfig = z.output<typeof conversionsCapiConfigSchema>;
