/** The token's site (theme, default locale, filters), fetched once per page. */
import { apiGet } from './api.js';

export interface SiteTheme {
  readonly mode: 'light' | 'dark' | 'auto';
  readonly accent?: string;
  readonly fontFamily?: string;
  readonly radiusPx?: number;
}

export interface SiteConfig {
  readonly siteId: string;
  readonly widgets: readonly string[];
  readonly theme: SiteTheme;
  readonly defaultLocale: string;
  readonly filters: {
    readonly platforms: readonly string[] | null;
    readonly campaignIds: readonly string[] | null;
  };
}

let loading: Promise<SiteConfig | undefined> | undefined;

export function siteConfig(): Promise<SiteConfig | undefined> {
  loading ??= apiGet<SiteConfig>('/embed/config').catch(() => {
    loading = undefined;
    return undefined;
  });
  return loading;
}
