import { css, html, svg } from 'lit';
import { DataController } from '../controllers/data-controller.js';
import { StratumElement } from '../controllers/stratum-element.js';
import { formatDay, formatMetric } from '../i18n/format.js';
import { apiGet } from '../runtime/api.js';
import type { KpiAnswer } from '../runtime/kpi-types.js';
import { emptyState, renderState } from './states.js';

const WIDTH = 600;
const HEIGHT = 160;
const PAD = 4;

/**
 * A metric per day, week or month as an SVG line; the points are also a visually hidden table
 * for screen readers. `<stratum-trend metric="spend" range="last_30_days" granularity="day">`
 * @csspart chart - the SVG
 * @csspart skeleton @csspart error @csspart empty
 */
export class StratumTrend extends StratumElement {
  static override styles = [
    ...StratumElement.styles,
    css`
      svg {
        display: block;
        width: 100%;
        height: 160px;
      }
      .line {
        fill: none;
        stroke: var(--_accent);
        stroke-width: 2;
        vector-effect: non-scaling-stroke;
      }
      .area {
        fill: var(--_accent);
        opacity: 0.12;
      }
      :host([dir='rtl']) svg {
        transform: scaleX(-1);
      }
      .axis {
        display: flex;
        justify-content: space-between;
        color: var(--_muted);
        font-size: 0.75rem;
        min-height: 1rem;
      }
    `,
  ];
  static override properties = {
    ...StratumElement.properties,
    metric: { type: String },
    range: { type: String },
    granularity: { type: String },
  };

  declare metric: string;
  declare range: string;
  declare granularity: string;

  constructor() {
    super();
    this.metric = 'spend';
    this.range = 'last_30_days';
    this.granularity = 'day';
  }

  private readonly data = new DataController<KpiAnswer>(this, {
    key: () => JSON.stringify([this.metric, this.range, this.granularity, this.filterQuery()]),
    load: (signal) =>
      apiGet<KpiAnswer>(
        '/kpis/timeseries',
        { metrics: this.metric, range: this.range, groupBy: this.granularity, ...this.filterQuery() },
        signal,
      ),
    covers: (answer) => ({ from: answer.from, to: answer.to }),
  });

  override render() {
    const title = `${this.tr('trendOf')} ${this.tr(`metric.${this.metric}`)} · ${this.tr(`range.${this.range}`)}`;
    const state = renderState(
      this,
      this.data.state,
      html`<div class="skeleton" style="height:177px"></div>`,
      () => void this.data.reload(),
    );
    return html`<section role="group" aria-label=${title}>
      <h2 part="title">${title}</h2>
      ${state ?? this.renderChart(title)}
    </section>`;
  }

  private renderChart(title: string) {
    if (this.data.state.status !== 'ready') return emptyState(this);
    const answer = this.data.state.data;
    const points = answer.rows.map((row) => ({
      day: row.from ?? row.key,
      value: row.values[this.metric] ?? 0,
    }));
    if (points.length === 0 || points.every((point) => point.value === 0)) return emptyState(this);
    const max = Math.max(...points.map((point) => point.value), 1);
    const step = points.length > 1 ? (WIDTH - 2 * PAD) / (points.length - 1) : 0;
    const xy = points.map(
      (point, index) =>
        [PAD + index * step, HEIGHT - PAD - (point.value / max) * (HEIGHT - 2 * PAD)] as const,
    );
    const line = xy
      .map(([x, y], index) => `${index === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`)
      .join('');
    const area = `${line}L${(xy.at(-1)?.[0] ?? PAD).toFixed(1)},${HEIGHT}L${PAD},${HEIGHT}Z`;
    const first = points[0];
    const last = points.at(-1);
    return html`<svg
        part="chart"
        viewBox="0 0 ${WIDTH} ${HEIGHT}"
        preserveAspectRatio="none"
        role="img"
        aria-label=${title}
      >
        ${svg`<path class="area" d=${area}></path><path class="line" d=${line}></path>`}
      </svg>
      <div class="axis" aria-hidden="true">
        <span>${first === undefined ? '' : formatDay(this.uiLocale, first.day)}</span>
        <span>${last === undefined ? '' : formatDay(this.uiLocale, last.day)}</span>
      </div>
      <table class="visually-hidden">
        <caption>
          ${title}
        </caption>
        ${points.map(
          (point) =>
            html`<tr>
              <th scope="row">${formatDay(this.uiLocale, point.day, 'long')}</th>
              <td data-value=${String(point.value)}>
                ${formatMetric(this.uiLocale, this.metric, point.value, answer.currency)}
              </td>
            </tr>`,
        )}
      </table>`;
  }
}
