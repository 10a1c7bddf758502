/** `<stratum-admin-plugins>`: the catalog with this tenant's installation state, one row per plugin. */
import { html, LitElement, nothing } from 'lit';
import type { Page, PluginSummary } from '../api/types.js';
import { sharedStyles } from '../app/shared-styles.js';
import { can, messageOf } from '../app/page-context.js';
import type { PageContext } from '../app/page-context.js';

export class StratumAdminPlugins extends LitElement {
  static override properties = {
    context: { attribute: false },
    plugins: { state: true },
    failure: { state: true },
  };
  static override styles = sharedStyles;

  context!: PageContext;
  plugins: readonly PluginSummary[] | undefined;
  failure: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.plugins = (await this.context.api.request<Page<PluginSummary>>('GET', '/plugins')).data;
    } catch (error) {
      this.failure = messageOf(error);
    }
  }

  private async install(id: string): Promise<void> {
    try {
      await this.context.api.request('POST', `/plugins/${encodeURIComponent(id)}/install`, {});
      this.context.navigate(`plugins/${encodeURIComponent(id)}`);
    } catch (error) {
      this.failure = messageOf(error);
    }
  }

  override render() {
    const { t } = this.context;
    const manage = can(this.context, 'plugins:manage');
    return html`<h1>${t('navPlugins')}</h1>
      ${
        this.failure === undefined
          ? nothing
          : html`<p class="error" role="alert">${t('error', { message: this.failure })}</p>`
      }
      ${
        this.plugins === undefined
          ? html`<p role="status">${t('loading')}</p>`
          : html`<section class="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t('plugin')}</th>
                    <th scope="col">${t('kind')}</th>
                    <th scope="col">${t('version')}</th>
                    <th scope="col">${t('status')}</th>
                    <th scope="col"><span class="muted">${t('action')}</span></th>
                  </tr>
                </thead>
                <tbody>
                  ${this.plugins.map((plugin) => this.renderRow(plugin, manage))}
                </tbody>
              </table>
            </section>`
      }`;
  }

  private renderRow(plugin: PluginSummary, manage: boolean) {
    const { t } = this.context;
    const installation = plugin.installation;
    return html`<tr data-plugin=${plugin.id}>
      <th scope="row">
        <span class="plugin-name">${plugin.name}</span>
        <div class="muted">${plugin.description}</div>
      </th>
      <td>${plugin.kind}</td>
      <td>${plugin.version}</td>
      <td>
        ${
          installation === null
            ? html`<span class="badge">${t('notInstalled')}</span>`
            : html`<span class="badge ${installation.status}">${installation.status}</span>`
        }
      </td>
      <td>
        ${
          installation === null
            ? manage
              ? html`<button
                  class="install"
                  aria-label=${`${t('install')}: ${plugin.name}`}
                  @click=${() => void this.install(plugin.id)}
                >
                  ${t('install')}
                </button>`
              : nothing
            : html`<button
                class="secondary open"
                @click=${() => this.context.navigate(`plugins/${encodeURIComponent(plugin.id)}`)}
              >
                ${t('open')}
              </button>`
        }
      </td>
    </tr>`;
  }
}

customElements.define('stratum-admin-plugins', StratumAdminPlugins);
