/**
 * The base of every Stratum element: locale (attribute → site → browser), direction, theme
 * (attribute → site → `prefers-color-scheme`), and the platform/campaign filter attributes.
 */
import { LitElement } from 'lit';
import type { PropertyValues } from 'lit';
import { isRtl, resolveLocale, t } from '../i18n/format.js';
import type { Locale, MessageKey } from '../i18n/format.js';
import { siteConfig } from '../runtime/site-config.js';
import type { SiteConfig } from '../runtime/site-config.js';
import { baseStyles } from '../styles/base.js';

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

export class StratumElement extends LitElement {
  static override styles = [baseStyles];
  static override properties = {
    locale: { type: String, reflect: true },
    theme: { type: String, reflect: true },
    platforms: { type: String },
    campaigns: { type: String },
    site: { state: true },
  };

  declare locale: string | undefined;
  /** `light`, `dark`, or unset (the site's theme, else the viewer's preference). */
  declare theme: string | undefined;
  /** Comma-separated platform filter (narrowed further by the token's own scope). */
  declare platforms: string | undefined;
  /** Comma-separated campaign ids. */
  declare campaigns: string | undefined;
  declare site: SiteConfig | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void siteConfig().then((site) => {
      this.site = site;
    });
  }

  get uiLocale(): Locale {
    return resolveLocale(this.locale, this.site?.defaultLocale);
  }

  tr(key: MessageKey | string): string {
    return t(this.uiLocale, key);
  }

  /** Query fields of the filter attributes. */
  protected filterQuery(): Record<string, string | undefined> {
    return { platforms: this.platforms, campaignIds: this.campaigns };
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    const locale = this.uiLocale;
    this.setAttribute('dir', isRtl(locale) ? 'rtl' : 'ltr');
    this.setAttribute('lang', locale);
    if (this.theme !== 'light' && this.theme !== 'dark') {
      const mode = this.site?.theme.mode ?? 'auto';
      const dark = mode === 'dark' || (mode === 'auto' && darkQuery().matches);
      this.setAttribute('theme', dark ? 'dark' : 'light');
    }
    const theme = this.site?.theme;
    if (theme?.accent !== undefined) this.style.setProperty('--stratum-accent', theme.accent);
    if (theme?.radiusPx !== undefined) this.style.setProperty('--stratum-radius', `${theme.radiusPx}px`);
    if (theme?.fontFamily !== undefined) this.style.setProperty('--stratum-font', theme.fontFamily);
  }
}
