/**
 * Shared styles: every colour, radius and font is a `--stratum-*` custom property the host page
 * may set; light and dark palettes meet WCAG AA contrast; the host page's font is inherited unless
 * `--stratum-font` says otherwise; motion stops under `prefers-reduced-motion`.
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    --_bg: var(--stratum-bg, #ffffff);
    --_fg: var(--stratum-fg, #1f2328);
    --_muted: var(--stratum-muted, #59636e);
    --_border: var(--stratum-border, #d1d9e0);
    --_accent: var(--stratum-accent, #0969da);
    --_good: var(--stratum-good, #1a7f37);
    --_bad: var(--stratum-bad, #cf222e);
    --_skeleton: var(--stratum-skeleton, #eaeef2);
    --_radius: var(--stratum-radius, 8px);
    display: block;
    container-type: inline-size;
    box-sizing: border-box;
    font-family: var(--stratum-font, inherit);
    color: var(--_fg);
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 16px;
    min-width: 0;
  }
  :host([theme='dark']) {
    --_bg: var(--stratum-bg, #0d1117);
    --_fg: var(--stratum-fg, #e6edf3);
    --_muted: var(--stratum-muted, #9198a1);
    --_border: var(--stratum-border, #3d444d);
    --_accent: var(--stratum-accent, #4493f8);
    --_good: var(--stratum-good, #3fb950);
    --_bad: var(--stratum-bad, #f85149);
    --_skeleton: var(--stratum-skeleton, #262c36);
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  h2 {
    font-size: 0.875rem;
    font-weight: 600;
    color: var(--_muted);
    margin: 0 0 8px;
  }
  .skeleton {
    background: var(--_skeleton);
    border-radius: 4px;
    animation: pulse 1.4s ease-in-out infinite;
  }
  @keyframes pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
    * {
      transition: none !important;
    }
  }
  .state {
    color: var(--_muted);
    font-size: 0.875rem;
    padding: 8px 0;
  }
  /* Text stays in the foreground colour: a site's accent need not reach 4.5:1 on both themes. */
  button {
    font: inherit;
    color: var(--_fg);
    background: transparent;
    border: 1px solid var(--_accent);
    border-radius: 6px;
    padding: 4px 10px;
    cursor: pointer;
  }
  button:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
