/**
 * The message catalog every chat answer is worded from, one per language. Entries take values
 * already formatted for the language (numbers, money, dates), so a catalog only arranges words.
 */
import type { ChatLanguage } from '../engine/chat-engine.js';
import type { ChatMetric } from '../nlu/frame.js';

export interface ChatCatalog {
  /** BCP 47 tag for Intl (numbers, money, dates); Arabic uses Latin digits throughout. */
  readonly locale: string;
  readonly metricNames: Readonly<Record<ChatMetric, string>>;
  readonly allPlatforms: string;
  readonly campaignLabel: string;
  readonly platformLabel: string;
  readonly periodLabel: string;
  readonly list: (items: readonly string[]) => string;
  /** "ROAS on Meta, 17–23 Nov 2026: 3.21" */
  readonly metricValue: (metric: string, filter: string, period: string, value: string) => string;
  readonly previousValue: (period: string, value: string, change: string) => string;
  readonly overviewTitle: (filter: string, period: string) => string;
  readonly noData: (filter: string, period: string) => string;
  readonly basis: (currency: string, timezone: string) => string;
  readonly freshness: (when: string) => string;
  readonly neverSynced: string;
  readonly unsettled: string;
  readonly defaultPeriod: (period: string) => string;
  readonly futurePeriod: (period: string) => string;
  readonly compareTitle: (metric: string, period: string, filter: string) => string;
  readonly topTitle: (
    direction: 'top' | 'bottom',
    count: number,
    of: 'campaigns' | 'platforms',
    metric: string,
    period: string,
    filter: string,
  ) => string;
  readonly trendSummary: (
    metric: string,
    first: string,
    last: string,
    highest: string,
    lowest: string,
  ) => string;
  readonly trendTitle: (
    metric: string,
    filter: string,
    period: string,
    granularity: 'day' | 'week' | 'month',
  ) => string;
  readonly askCampaign: (fragment: string, options: readonly string[]) => string;
  readonly campaignUnknown: (names: readonly string[]) => string;
  readonly budgetUnavailable: string;
  readonly budgetNoModel: string;
  readonly budgetTitle: (period: string, filter: string) => string;
  readonly budgetLine: (label: string, current: string, suggested: string) => string;
  readonly budgetExpected: (roas: string) => string;
  readonly alertsNone: (since: string) => string;
  readonly alertsTitle: (count: number, since: string) => string;
  readonly alertLine: (
    kind: 'sync_failed' | 'rule_fired' | 'anomaly',
    when: string,
    source: string,
    summary: string,
  ) => string;
  readonly alertsUnavailable: string;
  readonly competitorsUnavailable: string;
  readonly competitorActivity: (name: string, active: string, recent: string, lastSeen: string) => string;
  readonly competitorUnknown: (name: string) => string;
  readonly help: string;
  readonly smalltalk: string;
  readonly unknown: string;
  readonly actionRequest: string;
  readonly suggestions: readonly string[];
}

export type ChatCatalogs = Readonly<Record<ChatLanguage, ChatCatalog>>;
