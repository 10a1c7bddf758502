import { css, html } from 'lit';
import { DataController } from '../controllers/data-controller.js';
import { StratumElement } from '../controllers/stratum-element.js';
import { formatMetric, formatPercentChange } from '../i18n/format.js';
import { apiGet } from '../runtime/api.js';
import { LOWER_IS_BETTER } from '../runtime/kpi-types.js';
import type { KpiAnswer } from '../runtime/kpi-types.js';
import { emptyState, renderState } from './states.js';

/**
 * One KPI over a period with its change against a comparison period.
 * `<stratum-kpi metric="roas" range="last_7_days" compare="previous_period">`
 * @csspart value - the formatted number
 * @csspart change - the change against the comparison
 * @csspart skeleton @csspart error @csspart empty
 */
export class StratumKpi extends StratumElement {
  static override styles = [
    ...StratumElement.styles,
    css`
      .value {
        font-size: clamp(1.5rem, 8cqi, 2.25rem);
        font-weight: 700;
        line-height: 1.2;
        font-variant-numeric: tabular-nums;
        min-height: 2.7rem;
      }
      .change {
        font-size: 0.875rem;
        min-height: 1.3rem;
      }
      .up {
        color: var(--_good);
      }
      .down {
        color: var(--_bad);
      }
    `,
  ];
  static override properties = {
    ...StratumElement.properties,
    metric: { type: String },
    range: { type: String },
    compare: { type: String },
  };

  declare metric: string;
  declare range: string;
  declare compare: string | undefined;

  constructor() {
    super();
    this.metric = 'spend';
    this.range = 'last_7_days';
  }

  private readonly data = new DataController<KpiAnswer>(this, {
    key: () => JSON.stringify([this.metric, this.range, this.compare, this.filterQuery()]),
    load: (signal) =>
      apiGet<KpiAnswer>(
        '/kpis',
        { metrics: this.metric, range: this.range, compare: this.compare, ...this.filterQuery() },
        signal,
      ),
    covers: (answer) => ({ from: answer.from, to: answer.to }),
  });

  override render() {
    const title = `${this.tr(`metric.${this.metric}`)} · ${this.tr(`range.${this.range}`)}`;
    const state = renderState(
      this,
      this.data.state,
      html`<div class="skeleton" style="height:2.7rem;width:60%"></div>
        <div class="skeleton" style="height:1.3rem;width:40%;margin-top:4px"></div>`,
      () => void this.data.reload(),
    );
    return html`<section role="group" aria-label=${title}>
      <h2 part="title">${title}</h2>
      ${state ?? this.renderValue()}
    </section>`;
  }

  private renderValue() {
    if (this.data.state.status !== 'ready') return emptyState(this);
    const answer = this.data.state.data;
    const value = answer.totals[this.metric];
    if (value === null || value === undefined) return emptyState(this);
    const change = answer.comparison?.change[this.metric]?.percent;
    const better =
      change === null || change === undefined
        ? undefined
        : LOWER_IS_BETTER.has(this.metric)
          ? change < 0
          : change > 0;
    return html`<div part="value" class="value" data-value=${String(value)}>
        ${formatMetric(this.uiLocale, this.metric, value, answer.currency)}
      </div>
      ${
        answer.comparison === null
          ? html`<div class="change"></div>`
          : html`<div part="change" class="change ${better === undefined ? '' : better ? 'up' : 'down'}">
              ${formatPercentChange(this.uiLocale, change)} ${this.tr('vsPrevious')}
            </div>`
      }`;
  }
}
