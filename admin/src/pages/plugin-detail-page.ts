/**
 * `<stratum-admin-plugin>`: one plugin. Config form from its JSON Schema (field errors from a 400
 * shown beside the fields), check, enable/disable, sync now with live progress, sync history.
 * Progress is polled from `/sync-runs/:id` while a run is queued or running.
 */
import { html, LitElement, nothing } from 'lit';
import { ApiError } from '../api/api-client.js';
import type { Page, PluginDetail, SyncRun } from '../api/types.js';
import { sharedStyles } from '../app/shared-styles.js';
import { can, formatInstant, messageOf } from '../app/page-context.js';
import type { PageContext } from '../app/page-context.js';
import type { StratumSchemaForm } from '../forms/schema-form.js';
import '../forms/schema-form.js';

const POLL_MS = 400;
const ACTIVE = new Set(['queued', 'running']);

/** `config.apiKey`, `body.config.apiKey` or `apiKey` all name the form field `apiKey`. */
const fieldNameOf = (path: string) => path.replace(/^(body\.)?(config\.)?/, '').split('.')[0] ?? path;

export class StratumAdminPlugin extends LitElement {
  static override properties = {
    context: { attribute: false },
    pluginId: { attribute: false },
    plugin: { state: true },
    runs: { state: true },
    activeRun: { state: true },
    fieldErrors: { state: true },
    notice: { state: true },
    failure: { state: true },
    busy: { state: true },
  };
  static override styles = sharedStyles;

  context!: PageContext;
  pluginId = '';
  plugin: PluginDetail | undefined;
  runs: readonly SyncRun[] = [];
  activeRun: SyncRun | undefined;
  fieldErrors: ReadonlyMap<string, string> = new Map();
  notice: string | undefined;
  failure: string | undefined;
  busy = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  override disconnectedCallback(): void {
    clearTimeout(this.pollTimer);
    super.disconnectedCallback();
  }

  private get path(): string {
    return `/plugins/${encodeURIComponent(this.pluginId)}`;
  }

  private async load(): Promise<void> {
    try {
      this.plugin = await this.context.api.request<PluginDetail>('GET', this.path);
      await this.loadRuns();
    } catch (error) {
      this.failure = messageOf(error);
    }
  }

  private async loadRuns(): Promise<void> {
    const installation = this.plugin?.installation;
    if (installation === null || installation === undefined || !can(this.context, 'sync-runs:read')) return;
    const query = new URLSearchParams({ installationId: installation.id, limit: '10' });
    this.runs = (await this.context.api.request<Page<SyncRun>>('GET', `/sync-runs?${query}`)).data;
  }

  /** Runs one action; field errors of a 400 go beside their fields, anything else on top. */
  private async act(run: () => Promise<unknown>, done?: string): Promise<boolean> {
    this.busy = true;
    this.notice = undefined;
    this.failure = undefined;
    try {
      await run();
      this.fieldErrors = new Map();
      this.notice = done;
      this.plugin = await this.context.api.request<PluginDetail>('GET', this.path);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.fields.length > 0) {
        this.fieldErrors = new Map(error.fields.map((field) => [fieldNameOf(field.path), field.message]));
        this.failure = this.context.t('fixFields');
      } else this.failure = messageOf(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  /**
   * A saved secret must not linger in the page: its input is emptied as soon as the API has it,
   * before "saved" shows (the notice must never appear while the secret is still in the form).
   */
  private async saveConfig(config: Record<string, unknown>): Promise<void> {
    await this.act(async () => {
      await this.context.api.request('PUT', `${this.path}/config`, config);
      this.renderRoot.querySelector<StratumSchemaForm>('stratum-schema-form')?.clearSecrets();
    }, this.context.t('saved'));
  }

  private async syncNow(): Promise<void> {
    await this.act(async () => {
      const { runId } = await this.context.api.request<{ runId: string }>('POST', `${this.path}/sync`, {});
      this.activeRun = await this.context.api.request<SyncRun>('GET', `/sync-runs/${runId}`);
      this.poll(runId);
    });
  }

  private poll(runId: string): void {
    clearTimeout(this.pollTimer);
    this.pollTimer = setTimeout(async () => {
      try {
        const run = await this.context.api.request<SyncRun>('GET', `/sync-runs/${runId}`);
        this.activeRun = run;
        if (ACTIVE.has(run.status)) this.poll(runId);
        else {
          await this.loadRuns();
          this.plugin = await this.context.api.request<PluginDetail>('GET', this.path);
        }
      } catch (error) {
        this.failure = messageOf(error);
      }
    }, POLL_MS);
  }

  override render() {
    const { t } = this.context;
    const back = html`<p>
      <a
        href="/admin/plugins"
        @click=${(event: Event) => (event.preventDefault(), this.context.navigate('plugins'))}
        >${t('back')}</a
      >
    </p>`;
    if (this.plugin === undefined)
      return html`${back}${
        this.failure === undefined
          ? html`<p role="status">${t('loading')}</p>`
          : html`<p class="error" role="alert">${t('error', { message: this.failure })}</p>`
      }`;
    const plugin = this.plugin;
    const installation = plugin.installation;
    const manage = can(this.context, 'plugins:manage');
    return html`${back}
      <h1><span id="plugin-title">${plugin.name}</span> <span class="badge">${plugin.version}</span></h1>
      <p class="muted">${plugin.description}</p>
      <div aria-live="polite">
        ${this.notice === undefined ? nothing : html`<p class="notice" role="status">${this.notice}</p>`}
        ${this.failure === undefined ? nothing : html`<p class="error" role="alert">${this.failure}</p>`}
      </div>
      ${
        installation === null
          ? nothing
          : html`<section>
              <div class="row">
                <span>${t('status')}:</span>
                <span class="badge ${installation.status}" id="installation-status"
                  >${installation.status}</span
                >
                ${installation.statusMessage === null ? nothing : html`<span class="muted">${installation.statusMessage}</span>`}
              </div>
              <p>
                ${t('lastCheck')}:
                ${
                  installation.lastCheck === null
                    ? t('never')
                    : html`<span class="badge ${installation.lastCheck.status}" id="check-status"
                          >${installation.lastCheck.status}</span
                        >
                        <bdi>${installation.lastCheck.message}</bdi> ·
                        ${formatInstant(this.context.locale, installation.lastCheck.at)}`
                }
              </p>
              <div class="row">
                ${
                  manage
                    ? html`<button
                          id="run-check"
                          ?disabled=${this.busy}
                          @click=${() => void this.act(() => this.context.api.request('POST', `${this.path}/check`))}
                        >
                          ${t('check')}
                        </button>
                        ${
                          installation.enabled
                            ? html`<button
                                id="disable"
                                class="secondary"
                                ?disabled=${this.busy}
                                @click=${() => void this.act(() => this.context.api.request('POST', `${this.path}/disable`))}
                              >
                                ${t('disable')}
                              </button>`
                            : html`<button
                                id="enable"
                                ?disabled=${this.busy}
                                @click=${() => void this.act(() => this.context.api.request('POST', `${this.path}/enable`))}
                              >
                                ${t('enable')}
                              </button>`
                        }`
                    : nothing
                }
                ${
                  can(this.context, 'plugins:sync') && installation.enabled
                    ? html`<button
                        id="sync-now"
                        ?disabled=${this.busy || (this.activeRun !== undefined && ACTIVE.has(this.activeRun.status))}
                        @click=${() => void this.syncNow()}
                      >
                        ${t('syncNow')}
                      </button>`
                    : nothing
                }
              </div>
              ${this.renderActiveRun()}
            </section>`
      }
      <section>
        <h2>${t('configuration')}</h2>
        <stratum-schema-form
          .schema=${plugin.configSchema}
          .secretFields=${plugin.secretFields}
          .values=${installation?.config ?? {}}
          .secretsSet=${installation?.secrets ?? {}}
          .fieldErrors=${this.fieldErrors}
          .t=${t}
          ?read-only=${!manage || installation === null}
          @config-submit=${(event: CustomEvent<Record<string, unknown>>) => void this.saveConfig(event.detail)}
        ></stratum-schema-form>
      </section>
      ${this.renderHistory()}`;
  }

  private renderActiveRun() {
    const run = this.activeRun;
    if (run === undefined) return nothing;
    const fraction = run.status === 'succeeded' ? 1 : (run.progress.fraction ?? 0);
    return html`<div class="row" id="active-run" data-status=${run.status}>
      <label for="sync-progress">${this.context.t('progress')}</label>
      <progress id="sync-progress" max="1" .value=${fraction}></progress>
      <span class="badge ${run.status}">${run.status}</span>
      <span class="muted">${run.progress.phase}</span>
      <span id="active-rows">${run.rows.metrics}</span>
    </div>`;
  }

  private renderHistory() {
    if (!can(this.context, 'sync-runs:read') || this.plugin?.installation === null) return nothing;
    const { t, locale } = this.context;
    return html`<section>
      <h2>${t('syncHistory')}</h2>
      ${
        this.runs.length === 0
          ? html`<p class="muted">${t('noRuns')}</p>`
          : html`<div class="table-wrap">
              <table id="sync-history">
                <thead>
                  <tr>
                    <th scope="col">${t('started')}</th>
                    <th scope="col">${t('status')}</th>
                    <th scope="col">${t('rows')}</th>
                    <th scope="col">${t('apiCalls')}</th>
                    <th scope="col">${t('duration')}</th>
                    <th scope="col">${t('errors')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${this.runs.map(
                    (run) =>
                      html`<tr data-run=${run.id}>
                        <td>${formatInstant(locale, run.startedAt ?? run.queuedAt)}</td>
                        <td><span class="badge ${run.status}">${run.status}</span></td>
                        <td class="rows" dir="ltr">
                          ${run.rows.accounts} / ${run.rows.campaigns} / ${run.rows.metrics}
                        </td>
                        <td>${run.apiCalls}</td>
                        <td>${run.durationMs === null ? '—' : `${(run.durationMs / 1000).toFixed(1)} s`}</td>
                        <td>
                          ${run.errors.map((error) => html`<div>${error.code}: ${error.message}</div>`)}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>`;
  }
}

customElements.define('stratum-admin-plugin', StratumAdminPlugin);
