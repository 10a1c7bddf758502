/**
 * `<stratum-admin-overview>`: KPIs of the last 30 days, sync health per platform (from the KPI
 * answer's meta), open alerts, and tokens / API versions that expire within 30 days.
 */
import { html, LitElement, nothing } from 'lit';
import type { Page, PluginSummary } from '../api/types.js';
import { sharedStyles } from '../app/shared-styles.js';
import { can, formatInstant, messageOf } from '../app/page-context.js';
import type { PageContext } from '../app/page-context.js';

interface KpiAnswer {
  readonly totals: Readonly<Record<string, number | null>>;
  readonly meta: {
    readonly currency: string;
    readonly platforms: readonly {
      readonly platform: string;
      readonly lastSyncAt: string | null;
      readonly lastSyncStatus: string | null;
    }[];
  };
}

interface Alert {
  readonly id: string;
  readonly severity: string;
  readonly title: string;
  readonly createdAt: string;
}

const SOON_DAYS = 30;
const MONEY = new Set(['spend', 'revenue', 'cpa', 'cpc', 'cpm']);
const SHOWN = ['spend', 'revenue', 'roas', 'impressions', 'clicks', 'conversions'] as const;

export class StratumAdminOverview extends LitElement {
  static override properties = {
    context: { attribute: false },
    kpis: { state: true },
    alerts: { state: true },
    plugins: { state: true },
    failure: { state: true },
  };
  static override styles = sharedStyles;

  context!: PageContext;
  kpis: KpiAnswer | undefined;
  alerts: readonly Alert[] | undefined;
  plugins: readonly PluginSummary[] | undefined;
  failure: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    const { api } = this.context;
    try {
      const [kpis, alerts, plugins] = await Promise.all([
        api.request<KpiAnswer>('GET', '/kpis?range=last_30_days'),
        can(this.context, 'alerts:read')
          ? api.request<Page<Alert>>('GET', '/alerts?status=open&limit=10')
          : Promise.resolve(undefined),
        can(this.context, 'plugins:read')
          ? api.request<Page<PluginSummary>>('GET', '/plugins')
          : Promise.resolve(undefined),
      ]);
      this.kpis = kpis;
      this.alerts = alerts?.data;
      this.plugins = plugins?.data;
    } catch (error) {
      this.failure = messageOf(error);
    }
  }

  private formatMetric(metric: string, value: number | null | undefined): string {
    if (value === null || value === undefined) return '—';
    const { locale } = this.context;
    if (MONEY.has(metric) && this.kpis !== undefined)
      return new Intl.NumberFormat(locale, { style: 'currency', currency: this.kpis.meta.currency }).format(
        value / 100,
      );
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  }

  override render() {
    const { t } = this.context;
    if (this.failure !== undefined)
      return html`<p class="error" role="alert">${t('error', { message: this.failure })}</p>`;
    if (this.kpis === undefined) return html`<p role="status">${t('loading')}</p>`;
    return html`<h1>${t('navOverview')}</h1>
      <section>
        <h2>${t('kpis')}</h2>
        <dl class="row" id="kpis">
          ${SHOWN.map(
            (metric) =>
              html`<div style="min-inline-size: 9rem">
                <dt class="muted">${metric}</dt>
                <dd style="margin: 0; font-size: 1.2rem" data-metric=${metric}>
                  ${this.formatMetric(metric, this.kpis?.totals[metric])}
                </dd>
              </div>`,
          )}
        </dl>
      </section>
      <section>
        <h2>${t('syncHealth')}</h2>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">${t('platform')}</th>
                <th scope="col">${t('lastSync')}</th>
                <th scope="col">${t('status')}</th>
              </tr>
            </thead>
            <tbody>
              ${this.kpis.meta.platforms.map(
                (platform) =>
                  html`<tr>
                    <td>${platform.platform}</td>
                    <td>
                      ${platform.lastSyncAt === null ? t('never') : formatInstant(this.context.locale, platform.lastSyncAt)}
                    </td>
                    <td>
                      <span class="badge ${platform.lastSyncStatus ?? ''}"
                        >${platform.lastSyncStatus ?? '—'}</span
                      >
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>
        </div>
      </section>
      ${
        this.alerts === undefined
          ? nothing
          : html`<section>
              <h2>${t('openAlerts')}</h2>
              ${
                this.alerts.length === 0
                  ? html`<p class="muted">${t('noAlerts')}</p>`
                  : html`<ul id="alerts">
                      ${this.alerts.map(
                        (alert) =>
                          html`<li>
                            <span class="badge">${alert.severity}</span> ${alert.title}
                            <span class="muted">${formatInstant(this.context.locale, alert.createdAt)}</span>
                          </li>`,
                      )}
                    </ul>`
              }
            </section>`
      }
      ${this.renderExpiring()}`;
  }

  private renderExpiring() {
    if (this.plugins === undefined) return nothing;
    const { t } = this.context;
    const notes = this.plugins.flatMap((plugin) => {
      const installation = plugin.installation;
      if (installation === null) return [];
      const found: string[] = [];
      const days = installation.tokenExpiresInDays;
      if (days !== null && days <= SOON_DAYS) found.push(t('tokenExpires', { days }));
      const version = installation.apiVersion;
      if (version?.daysLeft !== null && version?.daysLeft !== undefined && version.daysLeft <= SOON_DAYS)
        found.push(t('versionSunset', { version: version.version, days: version.daysLeft }));
      return found.map((note) => ({ plugin: plugin.name, note }));
    });
    return html`<section>
      <h2>${t('expiring')}</h2>
      ${
        notes.length === 0
          ? html`<p class="muted">${t('nothingExpiring')}</p>`
          : html`<ul>
              ${notes.map((item) => html`<li><strong>${item.plugin}</strong>: ${item.note}</li>`)}
            </ul>`
      }
    </section>`;
  }
}

customElements.define('stratum-admin-overview', StratumAdminOverview);
