/** Platform and metric mentions in canonical text, longest phrase first, in the order named. */
import type { AdPlatform } from '../../../core/plugin-api/index.js';
import type { ChatMetric } from '../frame.js';
import { METRIC_SYNONYMS, PLATFORM_SYNONYMS } from './lexicon.js';

interface Mention<T> {
  readonly value: T;
  readonly index: number;
}

function phraseTable<T>(entries: readonly (readonly [string, T])[]): {
  table: Map<string, T>;
  longest: number;
} {
  const table = new Map<string, T>();
  for (const [phrase, value] of entries) if (!table.has(phrase)) table.set(phrase, value);
  return { table, longest: Math.max(...entries.map(([phrase]) => phrase.split(' ').length)) };
}

const PLATFORMS = phraseTable(PLATFORM_SYNONYMS);
const METRICS = phraseTable(METRIC_SYNONYMS);

function find<T>(
  tokens: readonly string[],
  { table, longest }: { table: Map<string, T>; longest: number },
): Mention<T>[] {
  const found: Mention<T>[] = [];
  for (let index = 0; index < tokens.length;) {
    let step = 1;
    for (let size = Math.min(longest, tokens.length - index); size >= 1; size -= 1) {
      const value = table.get(tokens.slice(index, index + size).join(' '));
      if (value !== undefined) {
        found.push({ value, index });
        step = size;
        break;
      }
    }
    index += step;
  }
  return found;
}

function distinct<T>(mentions: readonly Mention<T>[]): T[] {
  return [...new Set(mentions.map((mention) => mention.value))];
}

export function findPlatforms(tokens: readonly string[]): AdPlatform[] {
  return distinct(find(tokens, PLATFORMS));
}

export function findMetrics(tokens: readonly string[]): ChatMetric[] {
  return distinct(find(tokens, METRICS));
}
