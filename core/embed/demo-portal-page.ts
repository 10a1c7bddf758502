/**
 * The sample customer portal's one page: a plain HTML document on its own origin embedding every
 * widget through the real flow (script tag + `data-token-endpoint`). `?lang=ar|uk|en` and
 * `?theme=dark|light` switch locale and theme, so each can be looked at.
 */
export interface DemoPortalPageOptions {
  /** Stratum's origin, e.g. `http://127.0.0.1:8080`. */
  readonly stratumUrl: string;
  readonly integrity: string | undefined;
  readonly locale: 'en' | 'ar' | 'uk';
  readonly theme: 'light' | 'dark';
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

export function demoPortalPage(options: DemoPortalPageOptions): string {
  const stratum = escapeHtml(options.stratumUrl);
  const integrity = options.integrity === undefined ? '' : ` integrity="${escapeHtml(options.integrity)}"`;
  const dark = options.theme === 'dark';
  const attrs = `locale="${options.locale}" theme="${options.theme}"`;
  return `<!doctype html>
<html lang="${options.locale}" dir="${options.locale === 'ar' ? 'rtl' : 'ltr'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Northwind Client Portal — Stratum demo</title>
<style>
  body { margin: 0; font-family: Georgia, 'Times New Roman', serif; background: ${dark ? '#0d1117' : '#f6f7f9'}; color: ${dark ? '#e6edf3' : '#1f2328'}; }
  header { padding: 16px 24px; background: ${dark ? '#161b22' : '#24292f'}; color: #fff; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
  header a { color: #9ecbff; }
  main { padding: 24px; display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); }
  .wide { grid-column: 1 / -1; }
</style>
<script type="module" src="${stratum}/widgets/v1/stratum-widgets.js" crossorigin="anonymous"${integrity}
  data-api="${stratum}" data-token-endpoint="/embed-token"></script>
</head>
<body>
<header>
  <strong>Northwind Client Portal</strong>
  <span>Marketing results, powered by Stratum</span>
  <nav><a href="?lang=en">EN</a> · <a href="?lang=ar">AR</a> · <a href="?lang=uk">UK</a> ·
  <a href="?theme=light&lang=${options.locale}">light</a> · <a href="?theme=dark&lang=${options.locale}">dark</a></nav>
</header>
<main>
  <stratum-kpi id="kpi-roas" metric="roas" range="last_7_days" compare="previous_period" ${attrs}></stratum-kpi>
  <stratum-kpi id="kpi-spend" metric="spend" range="last_7_days" compare="previous_period" ${attrs}></stratum-kpi>
  <stratum-kpi id="kpi-revenue" metric="revenue" range="last_7_days" compare="previous_period" ${attrs}></stratum-kpi>
  <stratum-trend class="wide" id="trend" metric="spend" range="last_30_days" granularity="day" ${attrs}></stratum-trend>
  <stratum-campaigns class="wide" id="campaigns" sort="roas" limit="10" ${attrs}></stratum-campaigns>
  <stratum-platform-mix id="mix" metric="spend" ${attrs}></stratum-platform-mix>
  <stratum-alerts id="alerts" ${attrs}></stratum-alerts>
  <stratum-chat id="chat" ${attrs}></stratum-chat>
</main>
</body>
</html>`;
}
