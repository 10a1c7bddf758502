import { css, html } from 'lit';
import { StratumElement } from '../controllers/stratum-element.js';

/**
 * The data widgets composed: three KPI cards, the trend, the platform mix, the top campaigns and
 * the alerts; its attributes (range, locale, theme, filters) pass down to each.
 * `<stratum-dashboard range="last_30_days">`
 */
export class StratumDashboard extends StratumElement {
  static override styles = [
    ...StratumElement.styles,
    css`
      :host {
        border: none;
        padding: 0;
        background: transparent;
      }
      .grid {
        display: grid;
        gap: 12px;
        grid-template-columns: repeat(auto-fit, minmax(220px, 1fr));
      }
      .wide {
        grid-column: 1 / -1;
      }
    `,
  ];
  static override properties = { ...StratumElement.properties, range: { type: String } };
  declare range: string;

  constructor() {
    super();
    this.range = 'last_30_days';
  }

  override render() {
    const common = { locale: this.locale, theme: this.getAttribute('theme') ?? undefined };
    const filters = { platforms: this.platforms, campaigns: this.campaigns };
    return html`<div class="grid">
      ${['spend', 'revenue', 'roas'].map(
        (metric) =>
          html`<stratum-kpi
            metric=${metric}
            range=${this.range}
            compare="previous_period"
            .locale=${common.locale}
            theme=${common.theme ?? 'light'}
            .platforms=${filters.platforms}
            .campaigns=${filters.campaigns}
          ></stratum-kpi>`,
      )}
      <stratum-trend
        class="wide"
        metric="spend"
        range=${this.range}
        .locale=${common.locale}
        theme=${common.theme ?? 'light'}
        .platforms=${filters.platforms}
        .campaigns=${filters.campaigns}
      ></stratum-trend>
      <stratum-platform-mix
        metric="spend"
        range=${this.range}
        .locale=${common.locale}
        theme=${common.theme ?? 'light'}
        .platforms=${filters.platforms}
        .campaigns=${filters.campaigns}
      ></stratum-platform-mix>
      <stratum-alerts .locale=${common.locale} theme=${common.theme ?? 'light'}></stratum-alerts>
      <stratum-campaigns
        class="wide"
        sort="roas"
        range=${this.range}
        .locale=${common.locale}
        theme=${common.theme ?? 'light'}
        .platforms=${filters.platforms}
        .campaigns=${filters.campaigns}
      ></stratum-campaigns>
    </div>`;
  }
}
