/**
 * `<stratum-schema-form>`: a form generated from a plugin's config JSON Schema. Secret fields are
 * write-only: the form never has their value, only whether one is stored.
 * @fires config-submit - detail: the config object to PUT (see configFromForm)
 */
import { html, LitElement, nothing } from 'lit';
import type { Translate } from '../i18n/messages.js';
import { sharedStyles } from '../app/shared-styles.js';
import { configFromForm, displayValueOf, fieldsOf } from './json-schema.js';
import type { FormField } from './json-schema.js';

export class StratumSchemaForm extends LitElement {
  static override properties = {
    schema: { attribute: false },
    secretFields: { attribute: false },
    values: { attribute: false },
    secretsSet: { attribute: false },
    fieldErrors: { attribute: false },
    readOnly: { type: Boolean, attribute: 'read-only' },
    t: { attribute: false },
  };
  static override styles = sharedStyles;

  schema: unknown;
  secretFields: readonly string[] = [];
  values: Readonly<Record<string, unknown>> = {};
  secretsSet: Readonly<Record<string, { readonly set: boolean }>> = {};
  fieldErrors: ReadonlyMap<string, string> = new Map();
  readOnly = false;
  t!: Translate;

  /** Empties every secret input (after a successful save). */
  clearSecrets(): void {
    for (const name of this.secretFields) {
      const input = this.renderRoot.querySelector<HTMLInputElement>(`#field-${CSS.escape(name)}`);
      if (input !== null) input.value = '';
    }
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const fields = fieldsOf(this.schema, this.secretFields);
    const raw = new Map<string, string | boolean>();
    for (const field of fields) {
      const control = form.elements.namedItem(field.name);
      if (control instanceof HTMLInputElement && control.type === 'checkbox')
        raw.set(field.name, control.checked);
      else if (
        control instanceof HTMLInputElement ||
        control instanceof HTMLSelectElement ||
        control instanceof HTMLTextAreaElement
      )
        raw.set(field.name, control.value);
    }
    this.dispatchEvent(new CustomEvent('config-submit', { detail: configFromForm(fields, raw) }));
  }

  private renderControl(field: FormField, describedBy: string) {
    const value = displayValueOf(
      field,
      this.values[field.name] ?? (field.secret ? undefined : field.defaultValue),
    );
    const common = { id: `field-${field.name}`, invalid: this.fieldErrors.has(field.name) };
    if (field.kind === 'boolean')
      return html`<input
        type="checkbox"
        id=${common.id}
        name=${field.name}
        ?checked=${value === 'true'}
        ?disabled=${this.readOnly}
        aria-describedby=${describedBy}
        aria-invalid=${common.invalid ? 'true' : 'false'}
      />`;
    if (field.kind === 'enum')
      return html`<select
        id=${common.id}
        name=${field.name}
        ?disabled=${this.readOnly}
        aria-describedby=${describedBy}
      >
        ${field.required ? nothing : html`<option value=""></option>`}
        ${field.options.map((option) => html`<option value=${option} ?selected=${option === value}>${option}</option>`)}
      </select>`;
    if (field.kind === 'json')
      return html`<textarea
        id=${common.id}
        name=${field.name}
        rows="2"
        cols="40"
        dir="ltr"
        .value=${value}
        ?readonly=${this.readOnly}
        aria-describedby=${describedBy}
        aria-invalid=${common.invalid ? 'true' : 'false'}
      ></textarea>`;
    const isSet = this.secretsSet[field.name]?.set === true;
    return html`<input
      id=${common.id}
      name=${field.name}
      type=${field.secret ? 'password' : field.kind === 'string' ? 'text' : 'number'}
      autocomplete=${field.secret ? 'new-password' : 'off'}
      .value=${value}
      placeholder=${field.secret ? (isSet ? this.t('secretSet') : this.t('secretNotSet')) : ''}
      ?required=${field.required && !(field.secret && isSet)}
      ?readonly=${this.readOnly}
      minlength=${field.minLength ?? nothing}
      maxlength=${field.maxLength ?? nothing}
      min=${field.minimum ?? nothing}
      max=${field.maximum ?? nothing}
      aria-describedby=${describedBy}
      aria-invalid=${common.invalid ? 'true' : 'false'}
    />`;
  }

  override render() {
    const fields = fieldsOf(this.schema, this.secretFields);
    return html`<form novalidate @submit=${(event: SubmitEvent) => this.submit(event)}>
      ${fields.map((field) => {
        const error = this.fieldErrors.get(field.name);
        const describedBy = `help-${field.name} error-${field.name}`;
        return html`<div class="field" data-field=${field.name}>
          <label for=${`field-${field.name}`}>${field.title}${field.required ? ' *' : ''}</label>
          ${this.renderControl(field, describedBy)}
          <div id=${`help-${field.name}`} class="muted">${field.description ?? ''}</div>
          <div
            id=${`error-${field.name}`}
            class="field-error"
            role=${error === undefined ? nothing : 'alert'}
          >
            ${error ?? ''}
          </div>
        </div>`;
      })}
      ${this.readOnly ? nothing : html`<button type="submit" id="save-config">${this.t('save')}</button>`}
    </form>`;
  }
}

customElements.define('stratum-schema-form', StratumSchemaForm);
