/**
 * Per-conversation context: the last understood frame and a pending ask-back. A follow-up
 * ("and on tiktok?", "what about last month?") only names the slots it changes; the rest come
 * from the previous question. An answer to an ask-back picks one of the offered campaigns.
 */
import type { Frame } from '../nlu/frame.js';

export interface PendingChoice {
  /** The question that was ambiguous, to answer once the campaign is known. */
  readonly frame: Frame;
  readonly options: readonly string[];
}

export interface ConversationContext {
  readonly last: Frame | null;
  readonly pending: PendingChoice | null;
}

export const EMPTY_CONTEXT: ConversationContext = { last: null, pending: null };

const NUMBERED = /^\s*#?([1-9])\s*[.)]?\s*$/;

const fold = (value: string) => value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

/** The offered campaign the reply names (by number, by name, or as the understander read it). */
export function chosenOption(frame: Frame, pending: PendingChoice): string | undefined {
  const numbered = NUMBERED.exec(frame.text);
  if (numbered !== null) return pending.options[Number(numbered[1]) - 1];
  const named = typeof frame.campaign === 'string' ? [frame.campaign] : (frame.campaign ?? []);
  const picked = named.find((name) => pending.options.includes(name));
  if (picked !== undefined) return picked;
  const text = fold(frame.text);
  if (text.length < 3) return undefined;
  const matches = pending.options.filter(
    (option) => fold(option).includes(text) || text.includes(fold(option)),
  );
  return matches.length === 1 ? matches[0] : undefined;
}

function namesAnySlot(frame: Frame): boolean {
  return frame.platform !== null || frame.range !== null || frame.campaign !== null || frame.metric !== null;
}

/** A message that only changes slots of the previous analytic question. */
export function isFollowUp(frame: Frame, last: Frame | null): last is Frame {
  if (last === null || last.intent === 'help' || last.intent === 'smalltalk' || last.intent === 'unknown')
    return false;
  if (frame.extras.actionRequest === true) return false;
  if (frame.extras.followUp === true) return namesAnySlot(frame) || frame.intent !== 'unknown';
  // "last month?" alone: understood as a metric question that names no metric.
  return frame.intent === 'metric_query' && frame.metric === null && namesAnySlot(frame);
}

/** The previous question with the slots this message names replaced. */
export function mergeFollowUp(frame: Frame, last: Frame): Frame {
  const keepsIntent = frame.intent === 'metric_query' || frame.intent === 'unknown';
  const intent = keepsIntent ? last.intent : frame.intent;
  const { ambiguousCampaigns, ...lastExtras } = last.extras;
  void ambiguousCampaigns;
  return {
    text: frame.text,
    intent,
    metric: frame.metric ?? last.metric,
    platform: frame.platform ?? last.platform,
    range: frame.range ?? last.range,
    // A campaign lives on one platform: naming another platform drops the old campaign filter.
    campaign: frame.campaign ?? (frame.platform !== null ? null : last.campaign),
    compare: intent === 'compare' ? (frame.compare ?? last.compare) : null,
    extras: {
      ...lastExtras,
      ...frame.extras,
      ...(frame.extras.ranking === undefined && lastExtras.ranking !== undefined
        ? { ranking: lastExtras.ranking }
        : {}),
      followUp: true,
    },
  };
}

/** The question to answer, and the context to keep after answering it. */
export function frameInContext(frame: Frame, context: ConversationContext): Frame {
  if (context.pending !== null) {
    const choice = chosenOption(frame, context.pending);
    if (choice !== undefined) {
      const { ambiguousCampaigns, ...extras } = context.pending.frame.extras;
      void ambiguousCampaigns;
      return { ...context.pending.frame, text: frame.text, campaign: choice, extras };
    }
  }
  return isFollowUp(frame, context.last) ? mergeFollowUp(frame, context.last) : frame;
}
