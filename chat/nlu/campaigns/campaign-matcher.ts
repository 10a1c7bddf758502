/**
 * Finds the tenant's campaigns a message names — through typos, lower case, partial names and
 * abbreviations — before dates are read, so "Black Friday" is a campaign and not a Friday.
 */
import { editDistance, similarity } from '../natural-adapter.js';
import { LEXICON_WORDS, SHORTHAND } from '../lexicon/lexicon.js';
import { normalizeText, tokenize } from '../text/normalize.js';
import { MARKETS, STOP, WEAK_WORDS } from './campaign-words.js';

export interface CampaignMatch {
  /** Canonical names, in the order first named; one when unambiguous. */
  readonly campaigns: readonly string[];
  /** Fragments that matched several campaigns equally well (the engine asks back). */
  readonly ambiguous: readonly string[];
  /** Token positions of the message that named campaigns (removed before other slots are read). */
  readonly consumed: ReadonlySet<number>;
}

interface IndexedCampaign {
  readonly name: string;
  readonly words: readonly string[];
  readonly market: string | undefined;
}

function campaignWords(name: string): string[] {
  return tokenize(normalizeText(name).replace(/[|/+&]/g, ' ')).filter((word) => word !== '-');
}

const scoreCache = new Map<string, number>();
const SCORE_CACHE_LIMIT = 50_000;

/** {@link rawWordScore}, remembered: the same few hundred campaign words meet the same tokens all day. */
function wordScore(token: string, word: string): number {
  const key = `${token}\u0000${word}`;
  let score = scoreCache.get(key);
  if (score === undefined) {
    score = rawWordScore(token, word);
    if (scoreCache.size >= SCORE_CACHE_LIMIT) scoreCache.clear();
    scoreCache.set(key, score);
  }
  return score;
}

/** How well a typed token stands for a campaign word: 1 exact, less for typos and prefixes, 0 not. */
function rawWordScore(token: string, word: string): number {
  if (token === word || SHORTHAND[token] === word) return 1;
  // Numbers ("2026", "7d") name a campaign only when typed exactly: "2025" is a year, not "2026".
  if (/\d/.test(token) || /\d/.test(word)) return 0;
  // A word the grammar reads ("leads", "sales") stands for a campaign word only when spelt the same.
  if (LEXICON_WORDS.has(token)) return 0;
  // Singular for plural and back ("valentine" for "Valentines"), on words long enough to be names.
  if (Math.min(token.length, word.length) >= 5 && (token === `${word}s` || word === `${token}s`)) return 0.96;
  if (token.length >= 3 && word.startsWith(token) && !LEXICON_WORDS.has(token)) return 0.8;
  if (word.length >= 4 && token.startsWith(word) && token.length - word.length <= 2) return 0.85;
  if (token.length >= 4 && word.length >= 4) {
    const distance = editDistance(token, word);
    if (distance <= (word.length >= 8 ? 2 : 1)) return 0.9;
    if (token.length >= 5 && token[0] === word[0] && similarity(token, word) >= 0.93) return 0.8;
  }
  return 0;
}

/** "dpa", "pmax", "bf": a token made of the starts of consecutive campaign words. */
function abbreviationLength(token: string, words: readonly string[], start: number): number {
  function cover(rest: string, index: number): number {
    if (rest.length === 0) return index - start;
    const word = words[index];
    if (word === undefined || word[0] !== rest[0]) return -1;
    for (let take = Math.min(word.length, rest.length); take >= 1; take -= 1) {
      if (word.startsWith(rest.slice(0, take))) {
        const covered = cover(rest.slice(take), index + 1);
        if (covered >= 2) return covered;
      }
    }
    return -1;
  }
  return token.length >= 2 && /^[a-z0-9]+$/.test(token) && !LEXICON_WORDS.has(token)
    ? cover(token, start)
    : -1;
}

interface Scored {
  readonly campaign: IndexedCampaign;
  readonly score: number;
  readonly positions: readonly number[];
  readonly marketMatched: boolean;
}

function scoreCampaign(
  campaign: IndexedCampaign,
  tokens: readonly string[],
  reserved: ReadonlySet<number>,
): Scored | undefined {
  const positions: number[] = [];
  let score = 0;
  let strong = 0;
  let closest = 0;
  const usedWords = new Set<number>();
  tokens.forEach((token, position) => {
    if (reserved.has(position) || STOP.has(token) || MARKETS.has(token)) return;
    let best = 0;
    let bestWord = -1;
    let covered = 1;
    const mayAbbreviate = token.length >= 2 && token.length <= 6;
    campaign.words.forEach((word, index) => {
      if (usedWords.has(index) || STOP.has(word)) return;
      const direct = wordScore(token, word);
      if (direct > best) [best, bestWord, covered] = [direct, index, 1];
      if (!mayAbbreviate || best >= 0.95 || word[0] !== token[0]) return;
      const abbreviation = abbreviationLength(token, campaign.words, index);
      if (abbreviation >= 2) [best, bestWord, covered] = [0.95, index, abbreviation];
    });
    if (best === 0 || bestWord < 0) return;
    for (let index = bestWord; index < bestWord + covered; index += 1) usedWords.add(index);
    positions.push(position);
    score += best * covered;
    closest = Math.max(closest, best);
    const word = campaign.words[bestWord] ?? '';
    const weak =
      WEAK_WORDS.has(word) ||
      WEAK_WORDS.has(token) ||
      LEXICON_WORDS.has(token) ||
      token.length < 3 ||
      /^\d+$/.test(token);
    if (covered >= 2 || !weak) strong += 1;
  });
  if (strong === 0 && positions.length < 2) return undefined;
  // One word that only resembles a campaign word ("founded" ~ "founder", "dropping" ~ "shopping") is
  // more often an ordinary word than a campaign: a lone word must be spelt out or abbreviate several.
  if (positions.length === 1 && closest < 0.95) return undefined;
  if (strong === 0 && !contiguous(positions)) return undefined;
  const marketMatched =
    campaign.market !== undefined && tokens.some((token, i) => token === campaign.market && !reserved.has(i));
  return { campaign, score, positions, marketMatched };
}

function contiguous(positions: readonly number[]): boolean {
  return positions.every((position, index) => index === 0 || position - (positions[index - 1] ?? 0) <= 2);
}

/**
 * "black friday prospecting vs retargeting": an ambiguous fragment named beside a campaign means
 * that campaign's sibling, the one tie sharing at least two words with it.
 */
function siblingOf(ties: readonly Scored[], found: readonly string[]): Scored | undefined {
  if (ties.length < 2 || found.length === 0) return undefined;
  const foundWords = found.map((name) => new Set(campaignWords(name)));
  const siblings = ties.filter((entry) =>
    foundWords.some(
      (words) => entry.campaign.words.filter((word) => !STOP.has(word) && words.has(word)).length >= 2,
    ),
  );
  return siblings.length === 1 ? siblings[0] : undefined;
}

export interface CampaignMatcher {
  match(normalizedText: string, reserved?: ReadonlySet<number>): CampaignMatch;
}

/** Indexes the tenant's campaign names once per conversation turn (cheap: a few hundred names). */
export function createCampaignMatcher(names: readonly string[]): CampaignMatcher {
  const campaigns: IndexedCampaign[] = names.map((name) => {
    const words = campaignWords(name);
    const market = words.find((word) => MARKETS.has(word));
    return { name, words: words.filter((word) => !MARKETS.has(word)), market };
  });
  return {
    match(normalizedText, reserved = new Set()) {
      const tokens = tokenize(normalizedText);
      const taken = new Set<number>(reserved);
      const found: { name: string; at: number }[] = [];
      const ambiguous: string[] = [];
      const consumed = new Set<number>();
      for (let round = 0; round < 4; round += 1) {
        const scored = campaigns
          .map((campaign) => scoreCampaign(campaign, tokens, taken))
          .filter((entry): entry is Scored => entry !== undefined)
          .sort((a, b) => b.score - a.score || Number(b.marketMatched) - Number(a.marketMatched));
        const best = scored[0];
        if (best === undefined) break;
        const samePlace = (entry: Scored) => entry.positions.join() === best.positions.join();
        const ties = scored.filter(
          (entry) =>
            entry.score >= best.score - 0.05 &&
            entry.marketMatched === best.marketMatched &&
            samePlace(entry),
        );
        const fragment = best.positions.map((position) => tokens[position]).join(' ');
        const sibling = siblingOf(
          ties,
          found.map((entry) => entry.name),
        );
        if (sibling !== undefined) {
          found.push({ name: sibling.campaign.name, at: sibling.positions[0] ?? 0 });
        } else if (
          ties.length > 1 &&
          !(best.marketMatched && ties.every((entry) => entry.campaign.name === best.campaign.name))
        ) {
          ambiguous.push(fragment);
        } else {
          found.push({ name: best.campaign.name, at: best.positions[0] ?? 0 });
        }
        for (const position of best.positions) {
          taken.add(position);
          consumed.add(position);
        }
        const market = best.campaign.market;
        if (best.marketMatched && market !== undefined) {
          const marketAt = tokens.findIndex((token, i) => token === market && !taken.has(i));
          if (marketAt >= 0) [taken, consumed].forEach((set) => set.add(marketAt));
        }
      }
      const ordered = found.sort((a, b) => a.at - b.at).map((entry) => entry.name);
      return { campaigns: [...new Set(ordered)], ambiguous, consumed };
    },
  };
}
