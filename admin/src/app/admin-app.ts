/**
 * `<stratum-admin>`: the console shell. Restores the session from the refresh cookie, loads who
 * the user is and what they may do (`GET /me`), and shows only the pages their role may open.
 * Routes are paths under `/admin/` (the server answers every one with this page).
 */
import { html, LitElement, css, nothing } from 'lit';
import type { PropertyValues } from 'lit';
import { ApiClient } from '../api/api-client.js';
import type { Me } from '../api/api-client.js';
import { directionOf, isLocale, LOCALES, translator } from '../i18n/messages.js';
import type { Locale, MessageKey } from '../i18n/messages.js';
import { sharedStyles } from './shared-styles.js';
import type { PageContext } from './page-context.js';
import '../pages/login-page.js';
import '../pages/overview-page.js';
import '../pages/plugins-page.js';
import '../pages/plugin-detail-page.js';
import '../pages/users-page.js';
import '../pages/audit-page.js';

const BASE = '/admin/';
const LANGUAGE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', ar: 'العربية', uk: 'Українська' };

interface NavItem {
  readonly path: string;
  readonly label: MessageKey;
  /** The permission the page's data needs; the link is not offered without it. */
  readonly permission: string;
}

const NAV: readonly NavItem[] = [
  { path: '', label: 'navOverview', permission: 'kpis:read' },
  { path: 'plugins', label: 'navPlugins', permission: 'plugins:read' },
  { path: 'users', label: 'navUsers', permission: 'users:manage' },
  { path: 'audit', label: 'navAudit', permission: 'audit:read' },
];

/** Permissions that change something: a user with none of them gets the read-only console. */
const WRITE_PERMISSIONS = ['plugins:manage', 'plugins:sync', 'users:manage', 'tenant:write', 'rules:write'];

type Phase = 'starting' | 'signed-out' | 'signed-in';

export class StratumAdminApp extends LitElement {
  static override properties = {
    phase: { state: true },
    me: { state: true },
    locale: { state: true },
    route: { state: true },
  };
  static override styles = [
    sharedStyles,
    css`
      .skip {
        position: absolute;
        inset-inline-start: -999px;
      }
      .skip:focus {
        inset-inline-start: 0.5rem;
        background: #fff;
        padding: 0.5rem;
        z-index: 2;
      }
      header {
        display: flex;
        flex-wrap: wrap;
        gap: 0.75rem;
        align-items: center;
        justify-content: space-between;
        padding: 0.6rem 1rem;
        background: #14213d;
        color: #fff;
      }
      header strong {
        font-size: 1.05rem;
      }
      nav ul {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25rem;
        list-style: none;
        margin: 0;
        padding: 0;
      }
      nav a {
        color: #fff;
        text-decoration: none;
        padding: 0.35rem 0.6rem;
        border-radius: 6px;
        display: inline-block;
      }
      nav a[aria-current='page'] {
        background: #2f64e0;
      }
      .who {
        display: flex;
        gap: 0.5rem;
        align-items: center;
        flex-wrap: wrap;
      }
      main {
        padding: 1rem;
        max-inline-size: 1100px;
        margin-inline: auto;
      }
      .readonly {
        background: #fdf0cc;
        color: #6b4e00;
        padding: 0.4rem 1rem;
      }
    `,
  ];

  phase: Phase = 'starting';
  me: Me | undefined;
  locale: Locale = 'en';
  route = '';
  private readonly api = new ApiClient();
  private readonly onPopState = () => {
    this.route = this.currentRoute();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    const lang = new URLSearchParams(location.search).get('lang');
    if (lang !== null && isLocale(lang)) this.locale = lang;
    this.route = this.currentRoute();
    addEventListener('popstate', this.onPopState);
    void this.start();
  }

  override disconnectedCallback(): void {
    removeEventListener('popstate', this.onPopState);
    super.disconnectedCallback();
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('locale')) {
      document.documentElement.lang = this.locale;
      document.documentElement.dir = directionOf(this.locale);
      document.title = translator(this.locale)('appTitle');
    }
  }

  private currentRoute(): string {
    return location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length).replace(/\/$/, '') : '';
  }

  private async start(): Promise<void> {
    if (await this.api.restore()) await this.loadMe();
    else this.phase = 'signed-out';
  }

  private async loadMe(): Promise<void> {
    try {
      this.me = await this.api.me();
      const explicit = new URLSearchParams(location.search).get('lang');
      if (explicit === null && isLocale(this.me.user.locale)) this.locale = this.me.user.locale;
      this.phase = 'signed-in';
    } catch {
      this.phase = 'signed-out';
    }
  }

  private readonly navigate = (path: string) => {
    history.pushState(null, '', `${BASE}${path}${location.search}`);
    this.route = path;
  };

  private async signOut(): Promise<void> {
    await this.api.logout();
    this.me = undefined;
    this.phase = 'signed-out';
  }

  private renderLanguage() {
    const t = translator(this.locale);
    return html`<label class="who"
      ><span>${t('language')}</span>
      <select
        @change=${(event: Event) => {
          const value = (event.target as HTMLSelectElement).value;
          if (isLocale(value)) this.locale = value;
        }}
      >
        ${LOCALES.map(
          (locale) =>
            html`<option value=${locale} ?selected=${locale === this.locale} lang=${locale}>
              ${LANGUAGE_NAMES[locale]}
            </option>`,
        )}
      </select></label
    >`;
  }

  override render() {
    const t = translator(this.locale);
    if (this.phase === 'starting') return html`<p role="status">${t('loading')}</p>`;
    if (this.phase === 'signed-out' || this.me === undefined) {
      return html`<header><strong>${t('appTitle')}</strong>${this.renderLanguage()}</header>
        <main id="main">
          <stratum-admin-login
            .api=${this.api}
            .t=${t}
            @signed-in=${() => void this.loadMe()}
          ></stratum-admin-login>
        </main>`;
    }
    const permissions = new Set(this.me.permissions);
    const context: PageContext = {
      api: this.api,
      t,
      locale: this.locale,
      permissions,
      navigate: this.navigate,
    };
    const allowed = NAV.filter((item) => permissions.has(item.permission));
    const readOnly = !WRITE_PERMISSIONS.some((permission) => permissions.has(permission));
    const section = this.route.split('/')[0] ?? '';
    return html`<a class="skip" href="#main" @click=${this.focusMain}>${t('skipToContent')}</a>
      <header>
        <strong>${t('appTitle')}</strong>
        <nav aria-label=${t('appTitle')}>
          <ul>
            ${allowed.map(
              (item) =>
                html`<li>
                  <a
                    href=${`${BASE}${item.path}`}
                    data-nav=${item.path || 'overview'}
                    aria-current=${section === item.path ? 'page' : nothing}
                    @click=${(event: MouseEvent) => {
                      event.preventDefault();
                      this.navigate(item.path);
                    }}
                    >${t(item.label)}</a
                  >
                </li>`,
            )}
          </ul>
        </nav>
        <div class="who">
          <span>${this.me.user.name} (${this.me.user.role})</span>
          ${this.renderLanguage()}
          <button class="secondary" id="sign-out" @click=${() => void this.signOut()}>${t('signOut')}</button>
        </div>
      </header>
      ${readOnly ? html`<div class="readonly" role="note">${t('readOnly')}</div>` : nothing}
      <main id="main" tabindex="-1">${this.renderPage(context, section, allowed)}</main>`;
  }

  private readonly focusMain = (event: Event) => {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>('#main')?.focus();
  };

  private renderPage(context: PageContext, section: string, allowed: readonly NavItem[]) {
    if (!allowed.some((item) => item.path === section))
      return html`<p class="error" role="alert">${context.t('notAllowed')}</p>`;
    switch (section) {
      case 'plugins': {
        const id = this.route.split('/')[1];
        return id === undefined || id === ''
          ? html`<stratum-admin-plugins .context=${context}></stratum-admin-plugins>`
          : html`<stratum-admin-plugin
              .context=${context}
              .pluginId=${decodeURIComponent(id)}
            ></stratum-admin-plugin>`;
      }
      case 'users':
        return html`<stratum-admin-users .context=${context}></stratum-admin-users>`;
      case 'audit':
        return html`<stratum-admin-audit .context=${context}></stratum-admin-audit>`;
      default:
        return html`<stratum-admin-overview .context=${context}></stratum-admin-overview>`;
    }
  }
}

customElements.define('stratum-admin', StratumAdminApp);
