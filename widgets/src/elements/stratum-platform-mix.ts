import { css, html, svg } from 'lit';
import { DataController } from '../controllers/data-controller.js';
import { StratumElement } from '../controllers/stratum-element.js';
import { formatMetric } from '../i18n/format.js';
import { apiGet } from '../runtime/api.js';
import type { KpiAnswer } from '../runtime/kpi-types.js';
import { emptyState, renderState } from './states.js';

// Colour-blind-safe palette (Okabe–Ito), readable on light and dark backgrounds.
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442'];
const RADIUS = 15.915; // circumference 100: dash lengths are percentages

/**
 * A metric's share per platform as an SVG donut with a legend.
 * `<stratum-platform-mix metric="spend" range="last_30_days">`
 * @csspart chart @csspart legend
 * @csspart skeleton @csspart error @csspart empty
 */
export class StratumPlatformMix extends StratumElement {
  static override styles = [
    ...StratumElement.styles,
    css`
      .mix {
        display: flex;
        gap: 16px;
        align-items: center;
        flex-wrap: wrap;
      }
      svg {
        width: 120px;
        height: 120px;
        flex: none;
      }
      ul {
        list-style: none;
        padding: 0;
        margin: 0;
        font-size: 0.875rem;
        flex: 1;
        min-width: 140px;
      }
      li {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 2px 0;
      }
      .swatch {
        width: 10px;
        height: 10px;
        border-radius: 2px;
        flex: none;
      }
      .amount {
        margin-inline-start: auto;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];
  static override properties = {
    ...StratumElement.properties,
    metric: { type: String },
    range: { type: String },
  };

  declare metric: string;
  declare range: string;

  constructor() {
    super();
    this.metric = 'spend';
    this.range = 'last_30_days';
  }

  private readonly data = new DataController<KpiAnswer>(this, {
    key: () => JSON.stringify([this.metric, this.range, this.filterQuery()]),
    load: (signal) =>
      apiGet<KpiAnswer>(
        '/kpis/breakdown',
        {
          groupBy: 'platform',
          metrics: this.metric,
          sort: `-${this.metric}`,
          range: this.range,
          ...this.filterQuery(),
        },
        signal,
      ),
    covers: (answer) => ({ from: answer.from, to: answer.to }),
  });

  override render() {
    const title = `${this.tr('mixOf')} ${this.tr(`metric.${this.metric}`)} · ${this.tr(`range.${this.range}`)}`;
    const state = renderState(
      this,
      this.data.state,
      html`<div class="skeleton" style="height:120px;width:120px;border-radius:50%"></div>`,
      () => void this.data.reload(),
    );
    return html`<section role="group" aria-label=${title}>
      <h2 part="title">${title}</h2>
      ${state ?? this.renderMix(title)}
    </section>`;
  }

  private renderMix(title: string) {
    if (this.data.state.status !== 'ready') return emptyState(this);
    const answer = this.data.state.data;
    const rows = answer.rows.filter((row) => (row.values[this.metric] ?? 0) > 0);
    const total = rows.reduce((sum, row) => sum + (row.values[this.metric] ?? 0), 0);
    if (total === 0) return emptyState(this);
    let offset = 25;
    const arcs = rows.map((row, index) => {
      const share = ((row.values[this.metric] ?? 0) / total) * 100;
      const arc = svg`<circle r=${RADIUS} cx="21" cy="21" fill="none" stroke=${PALETTE[index % PALETTE.length] ?? '#888'}
        stroke-width="6" stroke-dasharray="${share} ${100 - share}" stroke-dashoffset=${offset}></circle>`;
      offset -= share;
      return arc;
    });
    const percent = new Intl.NumberFormat(this.uiLocale === 'ar' ? 'ar-u-nu-latn' : this.uiLocale, {
      style: 'percent',
      maximumFractionDigits: 1,
    });
    return html`<div class="mix">
      <svg part="chart" viewBox="0 0 42 42" role="img" aria-label=${title}>${arcs}</svg>
      <ul part="legend">
        ${rows.map(
          (row, index) =>
            html`<li
              data-platform=${row.platform ?? row.key}
              data-value=${String(row.values[this.metric] ?? '')}
            >
              <span class="swatch" style="background:${PALETTE[index % PALETTE.length]}"></span>
              <span>${row.label}</span>
              <span class="amount"
                >${formatMetric(this.uiLocale, this.metric, row.values[this.metric], answer.currency)}
                (${percent.format((row.values[this.metric] ?? 0) / total)})</span
              >
            </li>`,
        )}
      </ul>
    </div>`;
  }
}
