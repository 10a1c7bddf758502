import type { ChatCatalog } from './catalog.js';

export const en: ChatCatalog = {
  locale: 'en-US',
  metricNames: {
    roas: 'ROAS',
    spend: 'Spend',
    revenue: 'Revenue',
    cpa: 'CPA',
    cpc: 'CPC',
    cpm: 'CPM',
    ctr: 'CTR',
    conversions: 'Conversions',
    clicks: 'Clicks',
    impressions: 'Impressions',
    cvr: 'Conversion rate',
  },
  allPlatforms: 'all platforms',
  campaignLabel: 'Campaign',
  platformLabel: 'Platform',
  periodLabel: 'Period',
  list: (items) => new Intl.ListFormat('en', { type: 'conjunction' }).format(items),
  metricValue: (metric, filter, period, value) => `${metric} on ${filter}, ${period}: ${value}`,
  previousValue: (period, value, change) => `Previous period (${period}): ${value} (${change})`,
  overviewTitle: (filter, period) => `Overview of ${filter}, ${period}:`,
  noData: (filter, period) => `There is no data for ${filter} in ${period}.`,
  basis: (currency, timezone) => `Amounts in ${currency}; days in ${timezone}.`,
  freshness: (when) => `Data last synced ${when}.`,
  neverSynced: 'This data has not been synced yet.',
  unsettled: 'The latest days may still change as late conversions arrive.',
  defaultPeriod: (period) => `No period named, so this is ${period}.`,
  futurePeriod: (period) => `${period} has not happened yet, so there is nothing measured for it.`,
  compareTitle: (metric, period, filter) => `${metric} compared, ${period} (${filter}):`,
  topTitle: (direction, count, of, metric, period, filter) =>
    `${direction === 'top' ? 'Top' : 'Bottom'} ${count} ${of} by ${metric}, ${period} (${filter}):`,
  trendSummary: (metric, first, last, highest, lowest) =>
    `${metric} went from ${first} to ${last}; highest ${highest}, lowest ${lowest}.`,
  trendTitle: (metric, filter, period, granularity) =>
    `${metric} per ${granularity} on ${filter}, ${period}:`,
  askCampaign: (fragment, options) =>
    `"${fragment}" matches several campaigns. Which one do you mean: ${options.join(' / ')}?`,
  campaignUnknown: (names) => `I could not find the campaign ${names.join(', ')}.`,
  budgetUnavailable:
    'Budget advice is not available: the ML predictor plugin is not installed for your workspace.',
  budgetNoModel: 'Budget advice is not available yet: the predictor has no trained model for your data.',
  budgetTitle: (period, filter) => `Suggested daily budgets for ${period} (${filter}):`,
  budgetLine: (label, current, suggested) => `• ${label}: ${current} → ${suggested}`,
  budgetExpected: (roas) => `Expected ROAS with this allocation: ${roas}.`,
  alertsNone: (since) => `No alerts since ${since}.`,
  alertsTitle: (count, since) => `${count} alert${count === 1 ? '' : 's'} since ${since}:`,
  alertLine: (kind, when, source, summary) =>
    `• ${when} — ${kind === 'sync_failed' ? 'sync failed' : kind === 'rule_fired' ? 'rule fired' : 'anomaly'} (${source}): ${summary}`,
  alertsUnavailable: 'Alerts are not available right now.',
  competitorsUnavailable: 'Competitor insights are not available yet for your workspace.',
  competitorActivity: (name, active, recent, lastSeen) =>
    `${name}: ${active} active ads, ${recent} new in the last 7 days (last seen ${lastSeen}).`,
  competitorUnknown: (name) => `I do not track a competitor called ${name}.`,
  help:
    'I answer questions about your ad performance: a metric over a period ("meta roas yesterday"), ' +
    'comparisons ("google vs tiktok spend last week"), rankings ("top 5 campaigns by revenue this month"), ' +
    'trends ("cpa trend last 30 days"), recent alerts and, with the ML plugin, budget advice.',
  smalltalk: 'Hello! Ask me about your campaigns, e.g. "roas yesterday" or "top campaigns last week".',
  unknown:
    'Sorry, that is outside what I can help with. I can answer questions about your ad metrics, rankings, trends and alerts.',
  actionRequest:
    'I do not change campaigns from chat. Please make that change in the Stratum console, where it is reviewed and logged.',
  suggestions: ['ROAS yesterday', 'Top 5 campaigns last week', 'Spend trend last 30 days'],
};
