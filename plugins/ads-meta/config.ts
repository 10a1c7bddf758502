import { z } from 'zod';
import { DEFAULT_PURCHASE_ACTION_TYPES, META_API_VERSION_PATTERN } from '../../connectors/meta/index.js';

/**
 * Configuration of an ads-meta installation. `accessToken` and `appSecret` are secrets
 * (encrypted at rest, write-only in the API).
 */
export const adsMetaConfigSchema = z
  .object({
    /** A long-lived user token (~60 days) or a System User token (no expiry), with `ads_read` (and `ads_management` for actions). */
    accessToken: z.string().min(20).max(2_000),
    /** App id and secret: enable `debug_token` (token expiry in the health check) and `appsecret_proof`. */
    appId: z
      .string()
      .regex(/^\d{5,20}$/, 'Expected the numeric app id')
      .optional(),
    appSecret: z.string().min(16).max(200).optional(),
    /** Ad accounts to sync (`act_123` or `123`); empty: every account the token reaches. */
    accountIds: z
      .array(z.string().regex(/^(act_)?\d{1,20}$/, 'Expected an ad account id such as act_123456'))
      .max(500)
      .default([]),
    /**
     * Purchase action types in order of preference; the first one a row carries is counted (its
     * `action_values` entry is the revenue). Never summed: they describe the same purchases.
     */
    conversionActionTypes: z
      .array(z.string().min(1).max(200))
      .min(1)
      .max(20)
      .default([...DEFAULT_PURCHASE_ACTION_TYPES]),
    /**
     * Days before the end of every synced range that are read again: Meta restates conversions
     * for up to the longest attribution window (28 days after a click, reference §1.6).
     */
    lateDataDays: z.number().int().min(0).max(90).default(28),
    /** Replaces `https://graph.facebook.com` (tests, proxies); the host's egress guard still applies. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Pins another Marketing API version than the connector's (`v26.0`). */
    apiVersion: z.string().regex(META_API_VERSION_PATTERN, 'Expected a version such as v25.0').optional(),
    /** Rows per page of every edge (at most 1,000: one page is one sync batch). */
    pageSize: z.number().int().min(1).max(1_000).default(500),
    /** Ranges longer than this many days are read through an async insights report job. */
    asyncReportAboveDays: z.number().int().min(1).max(1_200).default(31),
    /** Wait between two polls of an async report job. */
    reportPollIntervalMs: z.number().int().min(10).max(60_000).default(5_000),
  })
  .strict();

/** Parsed ads-meta configuration. */
export type AdsMetaConfig = z.output<typeof adsMetaConfigSchema>;
