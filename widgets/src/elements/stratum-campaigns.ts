import { css, html } from 'lit';
import { DataController } from '../controllers/data-controller.js';
import { StratumElement } from '../controllers/stratum-element.js';
import { formatMetric } from '../i18n/format.js';
import { apiGet } from '../runtime/api.js';
import type { KpiAnswer } from '../runtime/kpi-types.js';
import { emptyState, renderState } from './states.js';

const COLUMNS = ['spend', 'revenue', 'roas', 'conversions'] as const;

/**
 * The top campaigns of a period as a table (names are text, never markup).
 * `<stratum-campaigns sort="roas" limit="10" range="last_30_days">`
 * @csspart table
 * @csspart skeleton @csspart error @csspart empty
 */
export class StratumCampaigns extends StratumElement {
  static override styles = [
    ...StratumElement.styles,
    css`
      .scroll {
        overflow-x: auto;
      }
      table {
        width: 100%;
        border-collapse: collapse;
        font-size: 0.875rem;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        padding: 6px 8px;
        text-align: end;
        border-bottom: 1px solid var(--_border);
        white-space: nowrap;
      }
      th:first-child,
      td:first-child {
        text-align: start;
        white-space: normal;
      }
      thead th {
        color: var(--_muted);
        font-weight: 600;
      }
      @container (max-width: 420px) {
        .wide {
          display: none;
        }
      }
    `,
  ];
  static override properties = {
    ...StratumElement.properties,
    sort: { type: String },
    limit: { type: Number },
    range: { type: String },
  };

  declare sort: string;
  declare limit: number;
  declare range: string;

  constructor() {
    super();
    this.sort = 'spend';
    this.limit = 10;
    this.range = 'last_30_days';
  }

  private readonly data = new DataController<KpiAnswer>(this, {
    key: () => JSON.stringify([this.sort, this.limit, this.range, this.filterQuery()]),
    load: (signal) =>
      apiGet<KpiAnswer>(
        '/kpis/breakdown',
        {
          groupBy: 'campaign',
          metrics: [...new Set([...COLUMNS, this.sort.replace(/^-/, '')])].join(','),
          sort: this.sort.startsWith('-') || this.sort.startsWith('+') ? this.sort : `-${this.sort}`,
          limit: Math.min(Math.max(this.limit, 1), 50),
          range: this.range,
          ...this.filterQuery(),
        },
        signal,
      ),
    covers: (answer) => ({ from: answer.from, to: answer.to }),
  });

  override render() {
    const title = `${this.tr('campaign')} · ${this.tr(`range.${this.range}`)}`;
    const state = renderState(
      this,
      this.data.state,
      html`${Array.from({ length: 5 }, () => html`<div class="skeleton" style="height:1.6rem;margin:6px 0"></div>`)}`,
      () => void this.data.reload(),
    );
    return html`<section role="group" aria-label=${title}>
      <h2 part="title">${title}</h2>
      ${state ?? this.renderTable(title)}
    </section>`;
  }

  private renderTable(title: string) {
    if (this.data.state.status !== 'ready' || this.data.state.data.rows.length === 0) return emptyState(this);
    const answer = this.data.state.data;
    return html`<div class="scroll" tabindex="0" role="region" aria-label=${title}>
      <table part="table">
        <thead>
          <tr>
            <th scope="col">${this.tr('campaign')}</th>
            ${COLUMNS.map(
              (metric, index) =>
                html`<th scope="col" class=${index === 3 ? 'wide' : ''}>${this.tr(`metric.${metric}`)}</th>`,
            )}
          </tr>
        </thead>
        <tbody>
          ${answer.rows.map(
            (row) =>
              html`<tr data-key=${row.key}>
                <th scope="row">${row.campaign?.name ?? row.label}</th>
                ${COLUMNS.map(
                  (metric, index) =>
                    html`<td
                      class=${index === 3 ? 'wide' : ''}
                      data-metric=${metric}
                      data-value=${String(row.values[metric] ?? '')}
                    >
                      ${formatMetric(this.uiLocale, metric, row.values[metric], answer.currency)}
                    </td>`,
                )}
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }
}
