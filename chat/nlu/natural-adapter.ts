/**
 * The few parts of `natural` the understanding step uses, imported from their submodules (the
 * top-level entry loads WordNet, POS taggers and more that we never call).
 */
import { DamerauLevenshteinDistance, JaroWinklerDistance } from 'natural/lib/natural/distance/index.js';
import { BayesClassifier } from 'natural/lib/natural/classifiers/index.js';
import { PorterStemmer, PorterStemmerUk } from 'natural/lib/natural/stemmers/index.js';

/** Edit distance counting a swap of two neighbouring letters as one edit ("raos" → "roas"). */
export function editDistance(a: string, b: string): number {
  return DamerauLevenshteinDistance(a, b, { restricted: true });
}

/** Jaro–Winkler similarity in [0, 1]; rewards a shared beginning, as typed abbreviations have. */
export function similarity(a: string, b: string): number {
  return JaroWinklerDistance(a, b, {});
}

/** Stem of one lower-case word: Porter for Latin script, the Ukrainian Porter for Cyrillic. */
export function stem(word: string): string {
  return /[\u0400-\u04ff]/.test(word) ? PorterStemmerUk.stem(word) : PorterStemmer.stem(word);
}

export interface LabelScore {
  readonly label: string;
  readonly value: number;
}

/** A naive-Bayes text classifier over pre-tokenised documents. */
export interface TokenClassifier {
  classify(tokens: readonly string[]): readonly LabelScore[];
}

export function trainBayesClassifier(
  documents: readonly { readonly tokens: readonly string[]; readonly label: string }[],
): TokenClassifier {
  const classifier = new BayesClassifier();
  for (const document of documents) classifier.addDocument([...document.tokens], document.label);
  classifier.train();
  return {
    classify: (tokens) =>
      classifier.getClassifications([...tokens]).map((entry) => ({ label: entry.label, value: entry.value })),
  };
}
