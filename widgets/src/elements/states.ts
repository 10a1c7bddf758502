import { html, nothing } from 'lit';
import type { TemplateResult } from 'lit';
import type { DataState } from '../controllers/data-controller.js';
import type { StratumElement } from '../controllers/stratum-element.js';

/** Skeleton while loading, a message with a retry on error; undefined when the data is ready. */
export function renderState<T>(
  element: StratumElement,
  state: DataState<T>,
  skeleton: TemplateResult,
  retry: () => void,
): TemplateResult | undefined {
  if (state.status === 'loading') {
    return html`<div part="skeleton" role="status" aria-busy="true">
      <span class="visually-hidden">${element.tr('loading')}</span>${skeleton}
    </div>`;
  }
  if (state.status === 'error') {
    const forbidden = state.httpStatus === 403 || state.httpStatus === 404;
    return html`<div part="error" class="state" role="alert">
      ${element.tr(forbidden ? 'forbidden' : 'error')}
      ${forbidden ? nothing : html`<button part="retry" @click=${retry}>${element.tr('retry')}</button>`}
    </div>`;
  }
  return undefined;
}

export const emptyState = (element: StratumElement) =>
  html`<p part="empty" class="state">${element.tr('empty')}</p>`;
