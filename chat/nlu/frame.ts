/**
 * What the understanding step makes of one message: the contract between `chat/nlu` (which fills
 * it) and the chat engine (which answers it). `stratum chat parse` prints the same fields.
 */
import type { AdPlatform } from '../../core/plugin-api/index.js';

/** What the user wants. `competitors` answers "what is <competitor> running?". */
export const INTENTS = [
  'metric_query',
  'compare',
  'top_n',
  'trend',
  'budget_advice',
  'alerts',
  'competitors',
  'help',
  'smalltalk',
  'unknown',
] as const;
export type Intent = (typeof INTENTS)[number];

/** Intents answered with numbers; the others never carry slots. */
export const ANALYTIC_INTENTS = [
  'metric_query',
  'compare',
  'top_n',
  'trend',
  'budget_advice',
  'alerts',
  'competitors',
] as const satisfies readonly Intent[];

export const CHAT_METRICS = [
  'roas',
  'spend',
  'revenue',
  'cpa',
  'cpc',
  'cpm',
  'ctr',
  'conversions',
  'clicks',
  'impressions',
  'cvr',
] as const;
export type ChatMetric = (typeof CHAT_METRICS)[number];

/** Inclusive calendar days in the tenant's time zone. */
export interface DayRange {
  readonly from: string;
  readonly to: string;
}

export type CompareDimension = 'platforms' | 'periods' | 'campaigns';

/** How a `top_n` ranks: best first (`top`) or worst first (`bottom`), and how many. */
export interface Ranking {
  readonly direction: 'top' | 'bottom';
  readonly limit: number;
  /** What is ranked. */
  readonly of: 'campaigns' | 'platforms';
}

/** The understood message. Slots are `null` when the message does not name them. */
export interface Frame {
  readonly text: string;
  readonly intent: Intent;
  readonly metric: ChatMetric | null;
  /** One platform, several in the order named, or null. */
  readonly platform: AdPlatform | readonly AdPlatform[] | null;
  /** One range, two for a period comparison (first mentioned first), or null. */
  readonly range: DayRange | readonly [DayRange, DayRange] | null;
  /** Canonical campaign name(s) of the tenant, or null. */
  readonly campaign: string | readonly string[] | null;
  readonly compare: CompareDimension | null;
  /** Extra detail the engine may use; not part of `stratum chat parse` output. */
  readonly extras: {
    /** Detected language of the message. */
    readonly language: 'en' | 'ar' | 'uk';
    readonly ranking?: Ranking;
    /** `trend` granularity when the user named one. */
    readonly granularity?: 'day' | 'week' | 'month';
    /** Campaign-name fragments that matched several campaigns equally well (the engine asks back). */
    readonly ambiguousCampaigns?: readonly string[];
    /** Competitor name for `competitors`. */
    readonly competitor?: string;
    /**
     * The user asked to change something ("pause all campaigns"): never done from chat. Such a
     * message is understood as intent `unknown` with every slot null (no numbers are answered);
     * the engine points to the console.
     */
    readonly actionRequest?: boolean;
    /** A follow-up that only changes some slots ("and on tiktok?"): the engine merges with context. */
    readonly followUp?: boolean;
  };
}

/** What the understanding step needs to know about the tenant and the moment. */
export interface UnderstandingContext {
  /** Today in the tenant's time zone, `YYYY-MM-DD`. */
  readonly today: string;
  readonly timezone: string;
  /** The tenant's campaign names (canonical spelling). */
  readonly campaigns: readonly string[];
  /** The tenant's tracked competitors' names, when any. */
  readonly competitors?: readonly string[];
}

/** The understanding step: pure and synchronous after construction (target p99 ≤ 20 ms). */
export interface Understander {
  understand(text: string, context: UnderstandingContext): Frame;
}
