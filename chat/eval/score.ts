/**
 * Scores understood frames against expected ones: intent accuracy and macro-F1, per-slot and
 * whole-frame accuracy, a confusion matrix, and out-of-scope messages answered as analytic.
 */
import { z } from 'zod';
import { ANALYTIC_INTENTS, INTENTS } from '../nlu/frame.js';
import type { Intent } from '../nlu/frame.js';
import type { ParseLine } from '../nlu/parse-output.js';

const dayRange = z.strictObject({ from: z.string(), to: z.string() });

/** One labelled message: the fields of `stratum chat parse` plus the day it was asked. */
export const labelledMessageSchema = z.object({
  text: z.string().min(1),
  ref: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  tz: z.string().optional(),
  intent: z.enum(INTENTS),
  metric: z.string().nullable(),
  platform: z.union([z.string(), z.array(z.string())]).nullable(),
  range: z.union([dayRange, z.tuple([dayRange, dayRange])]).nullable(),
  campaign: z.union([z.string(), z.array(z.string())]).nullable(),
  compare: z.enum(['platforms', 'periods', 'campaigns']).nullable(),
});
export type LabelledMessage = z.infer<typeof labelledMessageSchema>;

export const SLOTS = ['metric', 'platform', 'range', 'campaign', 'compare'] as const;
export type Slot = (typeof SLOTS)[number];

export interface Miss {
  readonly text: string;
  readonly fields: readonly string[];
  readonly expected: Partial<LabelledMessage>;
  readonly actual: Partial<ParseLine>;
}

export interface EvalReport {
  readonly total: number;
  readonly intentAccuracy: number;
  readonly intentMacroF1: number;
  readonly slotAccuracy: Readonly<Record<Slot, number>>;
  readonly frameAccuracy: number;
  /** expected → predicted → count. */
  readonly confusion: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Out-of-scope, smalltalk or help messages that were understood as an analytic intent. */
  readonly outOfScopeWithNumbers: number;
  readonly misses: readonly Miss[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function isAnalytic(intent: Intent): boolean {
  return (ANALYTIC_INTENTS as readonly string[]).includes(intent);
}

function macroF1(pairs: readonly (readonly [Intent, Intent])[]): number {
  const labels = INTENTS.filter((label) =>
    pairs.some(([expected, actual]) => expected === label || actual === label),
  );
  const scores = labels.map((label) => {
    const truePositive = pairs.filter(([e, a]) => e === label && a === label).length;
    const predicted = pairs.filter(([, a]) => a === label).length;
    const actual = pairs.filter(([e]) => e === label).length;
    const precision = predicted === 0 ? 0 : truePositive / predicted;
    const recall = actual === 0 ? 0 : truePositive / actual;
    return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  });
  return scores.length === 0 ? 0 : scores.reduce((sum, value) => sum + value, 0) / scores.length;
}

export function scoreFrames(
  cases: readonly { readonly expected: LabelledMessage; readonly actual: ParseLine }[],
): EvalReport {
  const total = cases.length;
  const slotHits: Record<Slot, number> = { metric: 0, platform: 0, range: 0, campaign: 0, compare: 0 };
  const confusion: Record<string, Record<string, number>> = {};
  const misses: Miss[] = [];
  let intentHits = 0;
  let frameHits = 0;
  let outOfScopeWithNumbers = 0;
  for (const { expected, actual } of cases) {
    const fields: string[] = [];
    if (expected.intent === actual.intent) intentHits += 1;
    else fields.push('intent');
    for (const slot of SLOTS) {
      if (same(expected[slot], actual[slot])) slotHits[slot] += 1;
      else fields.push(slot);
    }
    if (fields.length === 0) frameHits += 1;
    else {
      const pick = <T extends object>(source: T) =>
        Object.fromEntries(
          fields.map((field) => [field, (source as Record<string, unknown>)[field]]),
        ) as Partial<T>;
      misses.push({ text: expected.text, fields, expected: pick(expected), actual: pick(actual) });
    }
    const row = (confusion[expected.intent] ??= {});
    row[actual.intent] = (row[actual.intent] ?? 0) + 1;
    if (!isAnalytic(expected.intent) && isAnalytic(actual.intent)) outOfScopeWithNumbers += 1;
  }
  const ratio = (hits: number) => (total === 0 ? 0 : hits / total);
  return {
    total,
    intentAccuracy: ratio(intentHits),
    intentMacroF1: macroF1(cases.map(({ expected, actual }) => [expected.intent, actual.intent] as const)),
    slotAccuracy: {
      metric: ratio(slotHits.metric),
      platform: ratio(slotHits.platform),
      range: ratio(slotHits.range),
      campaign: ratio(slotHits.campaign),
      compare: ratio(slotHits.compare),
    },
    frameAccuracy: ratio(frameHits),
    confusion,
    outOfScopeWithNumbers,
    misses,
  };
}
