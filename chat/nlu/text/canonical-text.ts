/**
 * Message → canonical English text: campaign names set aside first, other languages rewritten
 * into English words, shorthand expanded and typos corrected towards the lexicon.
 */
import { editDistance } from '../natural-adapter.js';
import {
  LEXICON_WORDS,
  SHORTHAND,
  VOCABULARY,
  METRIC_SYNONYMS,
  PLATFORM_SYNONYMS,
} from '../lexicon/lexicon.js';
import { ARABIC_SCRIPT_RULES, ARABIZI_RULES } from './arabic-phrases.js';
import { applyRules } from './phrase-rule.js';
import type { Language } from './normalize.js';
import { tokenize } from './normalize.js';
import { UKRAINIAN_RULES } from './ukrainian-phrases.js';

/** Placeholder for a span that named campaigns (already matched). */
export const CAMPAIGN_PLACEHOLDER = 'campaignref';

const CORRECTION_TARGETS: readonly string[] = [
  ...new Set(
    [
      ...VOCABULARY,
      ...PLATFORM_SYNONYMS.map(([phrase]) => phrase),
      ...METRIC_SYNONYMS.map(([phrase]) => phrase),
    ].filter((word) => !word.includes(' ') && word.length >= 4),
  ),
];

/** What a correction target stands for: two targets that mean the same ("goog", "google") never tie. */
const TARGET_MEANING: ReadonlyMap<string, string> = new Map([
  ...PLATFORM_SYNONYMS.map(([phrase, platform]): [string, string] => [phrase, `platform:${platform}`]),
  ...METRIC_SYNONYMS.map(([phrase, metric]): [string, string] => [phrase, `metric:${metric}`]),
]);

function meaningOf(target: string): string {
  return TARGET_MEANING.get(target) ?? target;
}

function skeleton(word: string): string {
  return word.slice(0, 1) + word.slice(1).replace(/[aeiouy]/g, '');
}

/** Phone shorthand drops vowels ("spnt", "rvnue"): one target with the same consonants is meant. */
const BY_SKELETON: ReadonlyMap<string, string | null> = (() => {
  const map = new Map<string, string | null>();
  for (const target of CORRECTION_TARGETS) {
    const key = skeleton(target);
    const seen = map.get(key);
    map.set(key, seen === undefined || seen === target ? target : null);
  }
  return map;
})();

const correctionCache = new Map<string, string>();

/** The lexicon word a typo most likely meant, or the token itself when none is close enough. */
export function correctTypo(token: string): string {
  if (token.length < 4 || LEXICON_WORDS.has(token) || !/^[a-z]+$/.test(token)) return token;
  const cached = correctionCache.get(token);
  if (cached !== undefined) return cached;
  const allowed = token.length >= 7 ? 2 : 1;
  let best = token;
  let bestDistance = allowed + 1;
  let tie = false;
  for (const target of CORRECTION_TARGETS) {
    if (Math.abs(target.length - token.length) > allowed || target[0] !== token[0]) continue;
    const distance = editDistance(token, target);
    // A 7-letter token takes two edits only as letters dropped ("ystrday"), never to reach a shorter word.
    if (distance === 2 && token.length < 8 && target.length < token.length) continue;
    if (distance < bestDistance) [best, bestDistance, tie] = [target, distance, false];
    else if (distance === bestDistance && meaningOf(target) !== meaningOf(best)) tie = true;
  }
  // A four-letter word one edit from a keyword is as often another word ("rose", "fast"): only swaps count.
  const swapOnly = token.length === 4 && [...token].sort().join('') !== [...best].sort().join('');
  const vowelless = /^[^aeiouy]{3,}$/.test(token.slice(1)) ? BY_SKELETON.get(token) : undefined;
  const corrected =
    bestDistance <= allowed && !tie && !swapOnly ? best : typeof vowelless === 'string' ? vowelless : token;
  if (correctionCache.size < 10_000) correctionCache.set(token, corrected);
  return corrected;
}

/** The canonical text of a normalised message whose campaign tokens (`consumed`) are set aside. */
export function canonicalText(normalized: string, language: Language, consumed: ReadonlySet<number>): string {
  const tokens = tokenize(normalized);
  const withPlaceholders: string[] = [];
  tokens.forEach((token, index) => {
    if (!consumed.has(index)) withPlaceholders.push(token);
    else if (!consumed.has(index - 1)) withPlaceholders.push(CAMPAIGN_PLACEHOLDER);
  });
  let text = ` ${withPlaceholders.join(' ')} `;
  // Each rule set only where its script occurs: most messages need none of them.
  if (/[\u0400-\u04ff]/.test(text)) text = applyRules(text, UKRAINIAN_RULES);
  if (/[\u0600-\u06ff]/.test(text)) text = applyRules(text, ARABIC_SCRIPT_RULES);
  if (language === 'ar' && /[a-z]/.test(text)) text = applyRules(text, ARABIZI_RULES);
  return tokenize(text.replace(/\s+/g, ' ').trim())
    .map((token) => SHORTHAND[token] ?? correctTypo(token))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
