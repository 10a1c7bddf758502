import { z } from 'zod';
import { META_API_VERSION_PATTERN } from '../../connectors/meta/index.js';

/** Configuration of an installation; `accessToken` is secret (encrypted at rest, write-only in the API). */
export const competitorsMetaAdLibraryConfigSchema = z
  .object({
    /** A user token of an identity-confirmed account whose app has Ad Library API access. */
    accessToken: z.string().min(20).max(2_000),
    /** Replaces `https://graph.facebook.com` (tests, proxies); the host's egress guard still applies. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    apiVersion: z.string().regex(META_API_VERSION_PATTERN, 'Expected a version such as v25.0').optional(),
    /** Ads per page (one page is one stored batch). */
    pageSize: z.number().int().min(1).max(1_000).default(250),
  })
  .strict();

export type CompetitorsMetaAdLibraryConfig = z.output<typeof competitorsMetaAdLibraryConfigSchema>;
