/**
 * `<stratum-admin-audit>`: the audit log with filters (action, outcome, actor type) and a CSV of
 * the loaded rows. The API has no CSV export of its own yet, so the file is built here from what
 * the filters returned (at most 200 rows).
 */
import { html, LitElement, nothing } from 'lit';
import type { Page } from '../api/types.js';
import { sharedStyles } from '../app/shared-styles.js';
import { formatInstant, messageOf } from '../app/page-context.js';
import type { PageContext } from '../app/page-context.js';

interface AuditEntry {
  readonly id: string;
  readonly actor: { readonly type: string; readonly id: string; readonly email: string | null };
  readonly action: string;
  readonly target: { readonly type: string; readonly id: string };
  readonly outcome: string;
  readonly at: string;
}

const csvCell = (value: string) => {
  // A leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function auditCsv(entries: readonly AuditEntry[]): string {
  const header = ['at', 'actorType', 'actor', 'action', 'targetType', 'targetId', 'outcome'];
  const lines = entries.map((entry) =>
    [
      entry.at,
      entry.actor.type,
      entry.actor.email ?? entry.actor.id,
      entry.action,
      entry.target.type,
      entry.target.id,
      entry.outcome,
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n');
}

export class StratumAdminAudit extends LitElement {
  static override properties = {
    context: { attribute: false },
    entries: { state: true },
    failure: { state: true },
  };
  static override styles = sharedStyles;

  context!: PageContext;
  entries: readonly AuditEntry[] | undefined;
  failure: string | undefined;
  private filters = new URLSearchParams({ limit: '100' });

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    this.failure = undefined;
    try {
      this.entries = (
        await this.context.api.request<Page<AuditEntry>>('GET', `/audit-logs?${this.filters}`)
      ).data;
    } catch (error) {
      this.failure = messageOf(error);
    }
  }

  private applyFilters(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const filters = new URLSearchParams({ limit: '100' });
    for (const key of ['action', 'outcome', 'actorType']) {
      const value = String(data.get(key) ?? '').trim();
      if (value !== '') filters.set(key, value);
    }
    this.filters = filters;
    void this.load();
  }

  private exportCsv(): void {
    const url = URL.createObjectURL(new Blob([auditCsv(this.entries ?? [])], { type: 'text/csv' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'audit-log.csv';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  override render() {
    const { t, locale } = this.context;
    return html`<h1>${t('audit')}</h1>
      <section>
        <form class="row" @submit=${(event: SubmitEvent) => this.applyFilters(event)}>
          <label>${t('action')} <input name="action" placeholder="plugin.configure" /></label>
          <label
            >${t('outcome')}
            <select name="outcome">
              <option value=""></option>
              <option>success</option>
              <option>failure</option>
            </select>
          </label>
          <label
            >${t('actor')}
            <select name="actorType">
              <option value=""></option>
              <option>user</option>
              <option>apiKey</option>
              <option>system</option>
            </select>
          </label>
          <button type="submit">${t('filter')}</button>
          <button type="button" class="secondary" id="export-csv" @click=${() => this.exportCsv()}>
            ${t('exportCsv')}
          </button>
        </form>
      </section>
      ${this.failure === undefined ? nothing : html`<p class="error" role="alert">${t('error', { message: this.failure })}</p>`}
      <section class="table-wrap">
        <table id="audit">
          <thead>
            <tr>
              <th scope="col">${t('at')}</th>
              <th scope="col">${t('actor')}</th>
              <th scope="col">${t('action')}</th>
              <th scope="col">${t('target')}</th>
              <th scope="col">${t('outcome')}</th>
            </tr>
          </thead>
          <tbody>
            ${(this.entries ?? []).map(
              (entry) =>
                html`<tr>
                  <td>${formatInstant(locale, entry.at)}</td>
                  <td>${entry.actor.email ?? `${entry.actor.type}:${entry.actor.id}`}</td>
                  <td>${entry.action}</td>
                  <td>${entry.target.type} ${entry.target.id}</td>
                  <td><span class="badge">${entry.outcome}</span></td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>`;
  }
}

customElements.define('stratum-admin-audit', StratumAdminAudit);
