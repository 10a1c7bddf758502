/** `<stratum-admin-users>` (admins: `users:manage`): list, create, change role, deactivate. */
import { html, LitElement, nothing } from 'lit';
import { ApiError } from '../api/api-client.js';
import type { Page } from '../api/types.js';
import { sharedStyles } from '../app/shared-styles.js';
import { messageOf } from '../app/page-context.js';
import type { PageContext } from '../app/page-context.js';

interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly deactivatedAt: string | null;
}

const ROLES = ['admin', 'manager', 'analyst', 'viewer'] as const;

export class StratumAdminUsers extends LitElement {
  static override properties = {
    context: { attribute: false },
    users: { state: true },
    failure: { state: true },
  };
  static override styles = sharedStyles;

  context!: PageContext;
  users: readonly User[] | undefined;
  failure: string | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.users = (await this.context.api.request<Page<User>>('GET', '/users?limit=200')).data;
    } catch (error) {
      this.failure = messageOf(error);
    }
  }

  private async run(action: () => Promise<unknown>): Promise<void> {
    this.failure = undefined;
    try {
      await action();
      await this.load();
    } catch (error) {
      this.failure =
        error instanceof ApiError && error.fields.length > 0
          ? error.fields.map((field) => `${field.path}: ${field.message}`).join('; ')
          : messageOf(error);
    }
  }

  private create(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const body = Object.fromEntries(
      ['email', 'name', 'password', 'role'].map((key) => [key, String(data.get(key) ?? '')]),
    );
    void this.run(async () => {
      await this.context.api.request('POST', '/users', body);
      form.reset();
    });
  }

  override render() {
    const { t, api } = this.context;
    return html`<h1>${t('users')}</h1>
      ${this.failure === undefined ? nothing : html`<p class="error" role="alert">${t('error', { message: this.failure })}</p>`}
      <section class="table-wrap">
        <table id="users">
          <thead>
            <tr>
              <th scope="col">${t('name')}</th>
              <th scope="col">${t('email')}</th>
              <th scope="col">${t('role')}</th>
              <th scope="col">${t('status')}</th>
              <th scope="col"><span class="muted">${t('action')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${(this.users ?? []).map(
              (user) =>
                html`<tr data-user=${user.email}>
                  <td>${user.name}</td>
                  <td>${user.email}</td>
                  <td>
                    <select
                      aria-label=${`${t('role')}: ${user.email}`}
                      ?disabled=${user.deactivatedAt !== null}
                      @change=${(event: Event) =>
                        void this.run(() =>
                          api.request('PATCH', `/users/${user.id}`, {
                            role: (event.target as HTMLSelectElement).value,
                          }),
                        )}
                    >
                      ${ROLES.map((role) => html`<option value=${role} ?selected=${role === user.role}>${role}</option>`)}
                    </select>
                  </td>
                  <td>
                    <span class="badge ${user.deactivatedAt === null ? 'active' : ''}"
                      >${user.deactivatedAt === null ? t('active') : t('deactivated')}</span
                    >
                  </td>
                  <td>
                    ${
                      user.deactivatedAt === null
                        ? html`<button
                            class="secondary"
                            aria-label=${`${t('deactivate')}: ${user.email}`}
                            @click=${() => void this.run(() => api.request('DELETE', `/users/${user.id}`))}
                          >
                            ${t('deactivate')}
                          </button>`
                        : nothing
                    }
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </section>
      <section>
        <h2>${t('createUser')}</h2>
        <form class="row" @submit=${(event: SubmitEvent) => this.create(event)}>
          <label>${t('name')} <input name="name" required /></label>
          <label>${t('email')} <input name="email" type="email" required /></label>
          <label
            >${t('password')} <input name="password" type="password" autocomplete="new-password" required
          /></label>
          <label
            >${t('role')}
            <select name="role">
              ${ROLES.map((role) => html`<option value=${role} ?selected=${role === 'viewer'}>${role}</option>`)}
            </select>
          </label>
          <button type="submit">${t('createUser')}</button>
        </form>
      </section>`;
  }
}

customElements.define('stratum-admin-users', StratumAdminUsers);
