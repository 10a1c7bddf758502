/**
 * The widget bundle's entry (`/widgets/v1/stratum-widgets.js`): defines the `stratum-*` elements
 * and exposes `window.StratumWidgets.configure({ apiBase, getToken, token })` for pages that get tokens
 * their own way instead of `data-token-endpoint`.
 */
import { StratumAlerts } from './elements/stratum-alerts.js';
import { StratumCampaigns } from './elements/stratum-campaigns.js';
import { StratumChat } from './elements/stratum-chat.js';
import { StratumDashboard } from './elements/stratum-dashboard.js';
import { StratumKpi } from './elements/stratum-kpi.js';
import { StratumPlatformMix } from './elements/stratum-platform-mix.js';
import { StratumTrend } from './elements/stratum-trend.js';
import { configure } from './runtime/config.js';
import { prefetchToken } from './runtime/token-store.js';

export { configure } from './runtime/config.js';
export type { ConfigureOptions, EmbedTokenGrant, GetToken, WidgetsConfig } from './runtime/config.js';

// Before the elements upgrade, so the token round trip overlaps their start-up.
prefetchToken();

const ELEMENTS: ReadonlyArray<readonly [string, CustomElementConstructor]> = [
  ['stratum-kpi', StratumKpi],
  ['stratum-trend', StratumTrend],
  ['stratum-campaigns', StratumCampaigns],
  ['stratum-platform-mix', StratumPlatformMix],
  ['stratum-alerts', StratumAlerts],
  ['stratum-chat', StratumChat],
  ['stratum-dashboard', StratumDashboard],
];

for (const [name, element] of ELEMENTS) {
  // Two copies of the bundle on one page must not throw on the second define.
  if (customElements.get(name) === undefined) customElements.define(name, element);
}

declare global {
  interface Window {
    StratumWidgets?: { readonly configure: typeof configure };
  }
}
window.StratumWidgets = { configure };
