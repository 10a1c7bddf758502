import { css } from 'lit';

/** Styles every console page adopts: logical properties only, so RTL needs no second sheet. */
export const sharedStyles = css`
  :host {
    display: block;
  }
  h1,
  h2 {
    margin-block: 0 0.75rem;
  }
  h1 {
    font-size: 1.4rem;
  }
  h2 {
    font-size: 1.1rem;
  }
  section {
    background: #fff;
    border: 1px solid #d9dde3;
    border-radius: 8px;
    padding: 1rem;
    margin-block-end: 1rem;
  }
  .table-wrap {
    overflow-x: auto;
  }
  table {
    border-collapse: collapse;
    inline-size: 100%;
    font-size: 0.9rem;
  }
  th,
  td {
    text-align: start;
    padding: 0.4rem 0.5rem;
    border-block-end: 1px solid #e6e8eb;
    vertical-align: top;
  }
  button {
    font: inherit;
    padding: 0.4rem 0.8rem;
    border-radius: 6px;
    border: 1px solid #2456c7;
    background: #2f64e0;
    color: #fff;
    cursor: pointer;
  }
  button.secondary {
    background: #fff;
    color: #2456c7;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  a:focus-visible {
    outline: 3px solid #f0a500;
    outline-offset: 2px;
  }
  input,
  select,
  textarea {
    font: inherit;
    padding: 0.35rem 0.5rem;
    border: 1px solid #9aa3ae;
    border-radius: 6px;
    max-inline-size: 100%;
  }
  label {
    display: block;
    font-weight: 600;
    margin-block-end: 0.25rem;
  }
  .field {
    margin-block-end: 0.8rem;
  }
  .field-error,
  .error {
    color: #b3261e;
  }
  .muted {
    color: #5b6470;
    font-weight: normal;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
    align-items: center;
  }
  .badge {
    display: inline-block;
    padding: 0.1rem 0.5rem;
    border-radius: 999px;
    background: #e8ecf2;
    font-size: 0.8rem;
  }
  .badge.ok,
  .badge.succeeded,
  .badge.active {
    background: #d8f0dd;
    color: #1c5c2b;
  }
  .badge.error,
  .badge.failed,
  .badge.auth_error {
    background: #fadcd9;
    color: #8c1d18;
  }
  .badge.degraded,
  .badge.running,
  .badge.queued {
    background: #fdf0cc;
    color: #6b4e00;
  }
`;
