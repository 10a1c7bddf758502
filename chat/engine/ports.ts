/**
 * What the chat engine reads, as small ports: the KPI service (numbers), the tenant's campaigns
 * and settings (understanding and wording), and the optional sources owned by other modules —
 * budget advice (the ML plugin), alerts (core/alerts, today failed sync runs) and competitors.
 * A port that is absent is answered with an honest "not available", never with made-up numbers.
 */
import type { KpiService, KpiTenantSettings } from '../../core/analytics/kpi.service.js';
import type { ChatMetric, DayRange } from '../nlu/frame.js';

/** The one KPI call the engine makes; every number of an answer comes from it. */
export type ChatKpiReader = Pick<KpiService, 'query'>;

/** A campaign as the engine needs it to map names to KPI filters. */
export interface ChatCampaign {
  /** The `campaigns` document id. */
  readonly id: string;
  readonly platform: string;
  /** The platform's id: what KPI queries filter on (`campaignIds`). */
  readonly externalId: string;
  readonly name: string;
}

export interface CampaignDirectory {
  /** The tenant's campaigns (every platform, any status). */
  list(tenantId: string): Promise<readonly ChatCampaign[]>;
}

export interface TenantSettingsReader {
  /** Currency and time zone; throws NotFoundError for an unknown tenant. */
  get(tenantId: string): Promise<KpiTenantSettings>;
}

export interface BudgetAdviceRequest {
  readonly metric: ChatMetric | null;
  readonly platforms: readonly string[];
  readonly campaignIds: readonly string[];
  /** The period the advice is for (a future one for forecasts), or null for "from now on". */
  readonly range: DayRange | null;
  readonly question: string;
}

export interface BudgetAllocation {
  readonly label: string;
  readonly currentDailyCents: number | null;
  readonly suggestedDailyCents: number;
}

export interface BudgetAdvice {
  readonly currency: string;
  readonly range: DayRange | null;
  readonly allocations: readonly BudgetAllocation[];
  /** Expected ROAS of the suggested allocation, when the model states one. */
  readonly expectedRoas: number | null;
}

/** The ML plugin's budget optimisation; `null` when the tenant has no trained model yet. */
export interface BudgetAdvisor {
  advise(tenantId: string, request: BudgetAdviceRequest): Promise<BudgetAdvice | null>;
}

export const CHAT_ALERT_KINDS = ['sync_failed', 'rule_fired', 'anomaly'] as const;
export type ChatAlertKind = (typeof CHAT_ALERT_KINDS)[number];

export interface ChatAlert {
  readonly kind: ChatAlertKind;
  /** ISO 8601 instant. */
  readonly at: string;
  /** Plugin or rule the alert is about (`ads-meta`, a rule name). */
  readonly source: string;
  readonly platform: string | null;
  /** A short description meant for the tenant's own users (no secrets). */
  readonly summary: string;
}

/** Alerts the tenant's users may see: failed syncs today, fired rules once core/alerts lands. */
export interface AlertsReader {
  recent(
    tenantId: string,
    options: { readonly since: Date; readonly limit: number },
  ): Promise<readonly ChatAlert[]>;
}

export interface CompetitorActivity {
  readonly competitor: string;
  readonly activeAds: number;
  readonly newAdsLast7Days: number;
  readonly lastSeenAt: string | null;
}

/** Competitor intelligence; absent until the competitor issue lands. */
export interface CompetitorsReader {
  activity(tenantId: string, competitor: string): Promise<CompetitorActivity | null>;
}
