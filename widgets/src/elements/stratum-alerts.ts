import { css, html } from 'lit';
import { DataController } from '../controllers/data-controller.js';
import { StratumElement } from '../controllers/stratum-element.js';
import { formatInstant } from '../i18n/format.js';
import { apiGet } from '../runtime/api.js';
import { emptyState, renderState } from './states.js';

interface AlertItem {
  readonly id: string;
  readonly severity: 'info' | 'warning' | 'critical';
  readonly title: string;
  readonly status: string;
  readonly createdAt: string;
}

/**
 * The tenant's open alerts, newest first (rules, failed actions, plugins).
 * `<stratum-alerts limit="5">`
 * @csspart list
 * @csspart skeleton @csspart error @csspart empty
 */
export class StratumAlerts extends StratumElement {
  static override styles = [
    ...StratumElement.styles,
    css`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        padding: 6px 0;
        border-bottom: 1px solid var(--_border);
        font-size: 0.875rem;
      }
      .sev {
        font-weight: 600;
        margin-inline-end: 6px;
      }
      .critical {
        color: var(--_bad);
      }
      time {
        display: block;
        color: var(--_muted);
        font-size: 0.75rem;
      }
    `,
  ];
  static override properties = { ...StratumElement.properties, limit: { type: Number } };
  declare limit: number;

  constructor() {
    super();
    this.limit = 5;
  }

  private readonly data = new DataController<{ readonly data: readonly AlertItem[] }>(this, {
    key: () => String(this.limit),
    liveEvent: 'alert',
    load: (signal) => apiGet('/alerts', { limit: Math.min(Math.max(this.limit, 1), 50) }, signal),
  });

  override render() {
    const title = this.tr('alerts');
    const state = renderState(
      this,
      this.data.state,
      html`<div class="skeleton" style="height:3rem"></div>`,
      () => void this.data.reload(),
    );
    return html`<section role="group" aria-label=${title}>
      <h2 part="title">${title}</h2>
      ${state ?? this.renderList()}
    </section>`;
  }

  private renderList() {
    if (this.data.state.status !== 'ready') return emptyState(this);
    const alerts = this.data.state.data.data;
    if (alerts.length === 0) return html`<p part="empty" class="state">${this.tr('noAlerts')}</p>`;
    return html`<ul part="list">
      ${alerts.map(
        (alert) =>
          html`<li>
            <span class="sev ${alert.severity}">${alert.severity === 'critical' ? '⚠' : '•'}</span
            >${alert.title}
            <time datetime=${alert.createdAt}>${formatInstant(this.uiLocale, alert.createdAt)}</time>
          </li>`,
      )}
    </ul>`;
  }
}
