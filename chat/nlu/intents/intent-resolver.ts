/**
 * Chooses the intent from rule cues and the slots found; a naive-Bayes classifier over stemmed
 * canonical tokens decides only where the rules leave a choice open.
 */
import type { Intent, Ranking } from '../frame.js';
import type { TokenClassifier } from '../natural-adapter.js';
import { stem } from '../natural-adapter.js';
import { CUES } from './intent-cues.js';

export interface SlotSummary {
  readonly metrics: number;
  readonly platforms: number;
  readonly campaigns: number;
  readonly ambiguousCampaigns: number;
  readonly periods: number;
  readonly rangeCount: 0 | 1 | 2;
  readonly futureRange: boolean;
  readonly competitorNamed: boolean;
}

export interface IntentDecision {
  readonly intent: Intent;
  readonly actionRequest: boolean;
  readonly followUp: boolean;
}

export function classifierTokens(canonical: string): string[] {
  return canonical
    .split(' ')
    .filter((token) => token.length > 0)
    .map((token) => (/^\d+$/.test(token) ? '#num' : stem(token)));
}

/** Naive-Bayes scores are unnormalised likelihoods: a label wins only with most of the mass. */
const CLASSIFIER_CONFIDENCE = 0.9;

function pickAmong(
  classifier: TokenClassifier | undefined,
  canonical: string,
  allowed: readonly Intent[],
  fallback: Intent,
): Intent {
  if (classifier === undefined) return fallback;
  const scores = classifier
    .classify(classifierTokens(canonical))
    .filter((entry) => (allowed as readonly string[]).includes(entry.label));
  const total = scores.reduce((sum, entry) => sum + entry.value, 0);
  const best = scores[0];
  if (best === undefined || total <= 0 || best.value / total < CLASSIFIER_CONFIDENCE) return fallback;
  return best.label as Intent;
}

function analyticIntent(canonical: string, slots: SlotSummary): Intent | undefined {
  const entities = Math.max(slots.platforms, slots.campaigns);
  if (CUES.competitors.test(canonical) || slots.competitorNamed) return 'competitors';
  if (CUES.why.test(canonical) || CUES.alerts.test(canonical)) {
    if (!CUES.budget.test(canonical) || CUES.why.test(canonical)) return 'alerts';
  }
  if (CUES.budget.test(canonical) || slots.futureRange) return 'budget_advice';
  if (slots.rangeCount === 2) return 'compare';
  if (entities >= 2 && !CUES.total.test(canonical) && !CUES.top.test(canonical)) return 'compare';
  if (CUES.top.test(canonical) && !(entities >= 2 && CUES.compare.test(canonical))) return 'top_n';
  if (CUES.threshold.test(canonical) && entities < 2) return 'top_n';
  if (entities >= 2 && CUES.compare.test(canonical)) return 'compare';
  if (CUES.trend.test(canonical)) return 'trend';
  if (CUES.compare.test(canonical) && /\b(?:compare\w*|vs|versus)\b/.test(canonical)) return 'compare';
  const hasSlots =
    slots.metrics + slots.platforms + slots.campaigns + slots.ambiguousCampaigns + slots.periods > 0;
  if (hasSlots) return 'metric_query';
  if (CUES.question.test(canonical) && CUES.campaignsWord.test(canonical) && !CUES.outOfScope.test(canonical))
    return 'metric_query';
  return undefined;
}

export function decideIntent(
  canonical: string,
  slots: SlotSummary,
  classifier: TokenClassifier | undefined,
): IntentDecision {
  const followUp =
    CUES.followUp.test(canonical) && slots.metrics + slots.platforms + slots.campaigns + slots.periods > 0;
  if (CUES.action.test(canonical) || CUES.actionAnywhere.test(canonical)) {
    const question =
      /^(?:why|how|what|when|which|should|is|are|did|do|does)\b/.test(canonical) ||
      /\b(?:should|would it|what if)\b/.test(canonical);
    if (!question) return { intent: 'unknown', actionRequest: true, followUp: false };
  }
  if ((CUES.outOfScope.test(canonical) && slots.metrics === 0) || CUES.outOfScopeAlways.test(canonical))
    return { intent: 'unknown', actionRequest: false, followUp: false };
  const narrowed = slots.platforms + slots.campaigns + slots.ambiguousCampaigns + slots.periods > 0;
  if (
    !narrowed &&
    slots.metrics > 0 &&
    CUES.definition.test(canonical) &&
    !/\b(?:our|my|we|us|total|current)\b/.test(canonical)
  )
    return { intent: 'help', actionRequest: false, followUp: false };
  const hasSlots =
    slots.metrics + slots.platforms + slots.campaigns + slots.ambiguousCampaigns + slots.periods > 0;
  const analytic = hasSlots || CUES.domain.test(canonical) ? analyticIntent(canonical, slots) : undefined;
  if (analytic !== undefined) return { intent: analytic, actionRequest: false, followUp };
  if (CUES.help.test(canonical)) return { intent: 'help', actionRequest: false, followUp: false };
  if (CUES.smalltalk.test(canonical)) return { intent: 'smalltalk', actionRequest: false, followUp: false };
  return {
    intent: pickAmong(classifier, canonical, ['help', 'smalltalk', 'unknown'], 'unknown'),
    actionRequest: false,
    followUp: false,
  };
}

export function rankingOf(canonical: string): Ranking {
  const direction = CUES.bottom.test(canonical) ? 'bottom' : 'top';
  const number =
    /\b(?:top|bottom|best|worst|first|last)\s+(\d{1,2})\b/.exec(canonical) ??
    /\b(\d{1,2})\s+(?:best|worst|top|bottom|highest|lowest|biggest)\b/.exec(canonical);
  const of =
    CUES.platformsWord.test(canonical) && !/\bcampaigns?\b/.test(canonical) ? 'platforms' : 'campaigns';
  const plural = /\b(?:campaigns|platforms|channels|ones|ads)\b/.test(canonical);
  return { direction, limit: number?.[1] !== undefined ? Number(number[1]) : plural ? 5 : 1, of };
}

export function granularityOf(canonical: string): 'day' | 'week' | 'month' | undefined {
  if (/\b(?:daily|by day|per day|day by day|each day|every day)\b/.test(canonical)) return 'day';
  if (/\b(?:weekly|by week|per week|week by week|wow)\b/.test(canonical)) return 'week';
  if (/\b(?:monthly|by month|per month|month by month|mom)\b/.test(canonical)) return 'month';
  return undefined;
}
