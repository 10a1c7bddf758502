import type { ConversionDestination } from '../plugin-api/index.js';

/** The platforms a tenant's enabled conversions installations deliver to. */
export interface DestinationsProvider {
  forTenant(tenantId: string): Promise<readonly ConversionDestination[]>;
}

export const DEFAULT_DEDUP_WINDOW_MS = 48 * 3_600_000;
