/**
 * The understanding step: message → {@link Frame}. Grammar and lexicon first (normalise → detect
 * language → set campaign names aside → rewrite into canonical English → slots → intent by rules),
 * with a naive-Bayes classifier trained at construction as the tie-breaker for messages no rule
 * claims. Pure and synchronous per message.
 */
import type { AdPlatform } from '../../core/plugin-api/index.js';
import type {
  ChatMetric,
  CompareDimension,
  DayRange,
  Frame,
  Intent,
  Understander,
  UnderstandingContext,
} from './frame.js';
import { ANALYTIC_INTENTS } from './frame.js';
import { createCampaignMatcher } from './campaigns/campaign-matcher.js';
import type { CampaignMatch, CampaignMatcher } from './campaigns/campaign-matcher.js';
import { CUES } from './intents/intent-cues.js';
import { classifierTokens, decideIntent, granularityOf, rankingOf } from './intents/intent-resolver.js';
import { TRAINING_MESSAGES } from './intents/training-messages.js';
import { findMetrics, findPlatforms } from './lexicon/slot-finder.js';
import type { TokenClassifier } from './natural-adapter.js';
import { trainBayesClassifier } from './natural-adapter.js';
import { findPeriods, resolveRange, withoutPeriods } from './periods/period-parser.js';
import { canonicalText } from './text/canonical-text.js';
import { detectLanguage, normalizeText, tokenize } from './text/normalize.js';
import type { Language } from './text/normalize.js';

export interface UnderstanderOptions {
  /** Labelled messages the tie-breaking classifier learns from (default: the built-in set). */
  readonly training?: readonly { readonly text: string; readonly intent: Intent }[];
}

type Extras = { -readonly [K in keyof Frame['extras']]: Frame['extras'][K] };

function isAnalytic(intent: Intent): boolean {
  return (ANALYTIC_INTENTS as readonly string[]).includes(intent);
}

function oneOrList<T>(values: readonly T[]): T | readonly T[] | null {
  if (values.length === 0) return null;
  return values.length === 1 ? (values[0] as T) : values;
}

function compareDimension(
  canonical: string,
  range: DayRange | readonly [DayRange, DayRange] | null,
  platforms: number,
  campaigns: number,
): CompareDimension {
  // Ambiguous names count: the engine asks which one, the comparison is still of campaigns.
  if (campaigns >= 2) return 'campaigns';
  if (platforms >= 2) return 'platforms';
  if (Array.isArray(range)) return 'periods';
  if (CUES.campaignsWord.test(canonical) && !CUES.platformsWord.test(canonical)) return 'campaigns';
  return 'platforms';
}

/** A tracked competitor named in the message, or the name in "what is <name> running". */
function matchCompetitor(
  canonical: string,
  competitors: readonly string[] | undefined,
): { readonly name: string; readonly tracked: boolean } | undefined {
  const tracked = competitors?.find((name) =>
    new RegExp(`\\b${normalizeText(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(canonical),
  );
  if (tracked !== undefined) return { name: tracked, tracked: true };
  const running = /\bwhat (?:ads )?(?:is|are) (\S+) running\b/.exec(canonical)?.[1];
  return running === undefined ? undefined : { name: running, tracked: false };
}

interface Slots {
  readonly language: Language;
  readonly normalized: string;
  readonly canonical: string;
  readonly platforms: readonly AdPlatform[];
  readonly metrics: readonly ChatMetric[];
  readonly campaigns: CampaignMatch;
  readonly periodCount: number;
  readonly range: DayRange | readonly [DayRange, DayRange] | null;
}

function readSlots(text: string, context: UnderstandingContext, matcher: CampaignMatcher): Slots {
  const language = detectLanguage(text);
  const normalized = normalizeText(text);
  // Campaign names first: "Black Friday …" is a campaign before it could be a Friday.
  const campaigns = matcher.match(normalized);
  const canonical = canonicalText(normalized, language, campaigns.consumed);
  const periods = findPeriods(canonical, context.today);
  const rest = tokenize(withoutPeriods(canonical, periods));
  return {
    language,
    normalized,
    canonical,
    platforms: findPlatforms(rest),
    metrics: findMetrics(rest),
    campaigns,
    periodCount: periods.length,
    range: resolveRange(canonical, periods),
  };
}

function rangesOf(range: Slots['range']): readonly DayRange[] {
  if (range === null) return [];
  return Array.isArray(range) ? (range as readonly DayRange[]) : [range as DayRange];
}

function nullFrame(text: string, intent: Intent, extras: Extras): Frame {
  return { text, intent, metric: null, platform: null, range: null, campaign: null, compare: null, extras };
}

export function createUnderstander(options: UnderstanderOptions = {}): Understander {
  const training = options.training ?? TRAINING_MESSAGES;
  const classifier: TokenClassifier | undefined =
    training.length === 0
      ? undefined
      : trainBayesClassifier(
          training.map((example) => {
            const normalized = normalizeText(example.text);
            return {
              tokens: classifierTokens(canonicalText(normalized, detectLanguage(example.text), new Set())),
              label: example.intent,
            };
          }),
        );
  let matcherFor: readonly string[] | undefined;
  let matcher: CampaignMatcher | undefined;

  function campaignMatcher(campaigns: readonly string[]): CampaignMatcher {
    if (matcher === undefined || matcherFor !== campaigns) {
      matcher = createCampaignMatcher(campaigns);
      matcherFor = campaigns;
    }
    return matcher;
  }

  return {
    understand(text: string, context: UnderstandingContext): Frame {
      const slots = readSlots(text, context, campaignMatcher(context.campaigns));
      const { canonical, platforms, campaigns, range } = slots;
      const ranges = rangesOf(range);
      const competitor = matchCompetitor(canonical, context.competitors);
      const decision = decideIntent(
        canonical,
        {
          metrics: slots.metrics.length,
          platforms: platforms.length,
          campaigns: campaigns.campaigns.length,
          ambiguousCampaigns: campaigns.ambiguous.length,
          periods: slots.periodCount,
          rangeCount: ranges.length as 0 | 1 | 2,
          futureRange: ranges.some((span) => span.from > context.today),
          competitorNamed:
            competitor?.tracked === true && /\b(?:running|ads|doing|launched|spend\w*)\b/.test(canonical),
        },
        classifier,
      );
      const extras: Extras = { language: slots.language };
      // A reaction typed as emoji only ("👍") is smalltalk, never a question.
      if (slots.normalized.length === 0 && /\p{Extended_Pictographic}/u.test(text)) {
        return nullFrame(text, 'smalltalk', extras);
      }
      if (decision.actionRequest) extras.actionRequest = true;
      if (!isAnalytic(decision.intent)) return nullFrame(text, decision.intent, extras);
      if (decision.followUp) extras.followUp = true;
      if (campaigns.ambiguous.length > 0) extras.ambiguousCampaigns = campaigns.ambiguous;
      if (decision.intent === 'top_n') extras.ranking = rankingOf(canonical);
      const granularity = granularityOf(canonical);
      if (granularity !== undefined) extras.granularity = granularity;
      if (decision.intent === 'competitors' && competitor !== undefined) extras.competitor = competitor.name;
      const compare =
        decision.intent === 'compare'
          ? compareDimension(
              canonical,
              range,
              platforms.length,
              campaigns.campaigns.length + campaigns.ambiguous.length,
            )
          : null;
      return {
        text,
        intent: decision.intent,
        metric: slots.metrics[0] ?? null,
        platform: oneOrList(platforms),
        // Two ranges only for a comparison of periods; otherwise the first one named.
        range: Array.isArray(range) && compare !== 'periods' ? (range[0] as DayRange) : range,
        campaign: oneOrList(campaigns.campaigns),
        compare,
        extras,
      };
    },
  };
}
