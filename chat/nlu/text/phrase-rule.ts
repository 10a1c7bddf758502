import { foldArabic } from './normalize.js';

/** A phrase of another language (or of typed shorthand) rewritten into the grammar's English words. */
export interface PhraseRule {
  readonly pattern: RegExp;
  readonly replacement: string;
}

const START = '(?<![\\p{L}\\p{N}])';
const END = '(?![\\p{L}\\p{N}])';

/** A Latin or Cyrillic phrase on word boundaries. */
export function latinRule(source: string, replacement: string): PhraseRule {
  return { pattern: new RegExp(`${START}(?:${source})${END}`, 'gu'), replacement };
}

/**
 * An Arabic phrase, allowing the attached conjunctions and prepositions (و ف ب ل) and the article
 * with them (بال, عال "on the", فال) before it: "عالفيسبوك" is "على الفيسبوك".
 */
export function arabicRule(source: string, replacement: string): PhraseRule {
  return {
    pattern: new RegExp(`${START}(?:و|ف|ب|ل|وب|ول|وال|بال|عال|فال|ال)?(?:${foldArabic(source)})${END}`, 'gu'),
    replacement,
  };
}

export function applyRules(text: string, rules: readonly PhraseRule[]): string {
  let result = text;
  for (const rule of rules) result = result.replace(rule.pattern, rule.replacement);
  return result;
}
