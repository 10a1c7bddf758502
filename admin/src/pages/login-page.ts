/**
 * `<stratum-admin-login>`: email and password against the console session route.
 * @fires signed-in - after a successful sign-in (the access token is in the ApiClient's memory)
 */
import { html, LitElement, nothing } from 'lit';
import { ApiError } from '../api/api-client.js';
import type { ApiClient } from '../api/api-client.js';
import type { Translate } from '../i18n/messages.js';
import { sharedStyles } from '../app/shared-styles.js';
import { messageOf } from '../app/page-context.js';

export class StratumAdminLogin extends LitElement {
  static override properties = {
    api: { attribute: false },
    t: { attribute: false },
    failure: { state: true },
    busy: { state: true },
  };
  static override styles = sharedStyles;

  api!: ApiClient;
  t!: Translate;
  failure: string | undefined;
  busy = false;

  private async submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.failure = undefined;
    try {
      await this.api.login(String(form.get('email') ?? ''), String(form.get('password') ?? ''));
      this.dispatchEvent(new CustomEvent('signed-in', { bubbles: true, composed: true }));
    } catch (error) {
      this.failure =
        error instanceof ApiError && error.status === 401
          ? this.t('signInFailed')
          : this.t('error', { message: messageOf(error) });
    } finally {
      this.busy = false;
    }
  }

  override render() {
    const { t } = this;
    return html`<section style="max-inline-size: 26rem; margin-inline: auto">
      <h1>${t('signIn')}</h1>
      <form @submit=${(event: SubmitEvent) => void this.submit(event)}>
        <div class="field">
          <label for="email">${t('email')}</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
        </div>
        <div class="field">
          <label for="password">${t('password')}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        ${this.failure === undefined ? nothing : html`<p class="error" role="alert">${this.failure}</p>`}
        <button type="submit" ?disabled=${this.busy}>${t('signIn')}</button>
      </form>
    </section>`;
  }
}

customElements.define('stratum-admin-login', StratumAdminLogin);
