/**
 * From an understood frame to what the KPI service is asked: the period (named, or a stated
 * default), the platforms and campaign ids (inside an embed token's scope), and the campaign
 * names that could not be placed (unknown, or matching several campaigns: the engine asks back).
 */
import { addDays, spanLength } from '../../core/analytics/calendar-days.js';
import { resolvePresetOn } from '../../core/analytics/date-presets.js';
import type { ChatInput } from './chat-engine.js';
import type { DayRange, Frame } from '../nlu/frame.js';
import type { ChatCampaign } from './ports.js';

export interface PlannedFilters {
  readonly platforms: readonly string[];
  /** External campaign ids; empty = every campaign in scope. */
  readonly campaignIds: readonly string[];
  /** Canonical names of the campaigns filtered on, for the answer's wording. */
  readonly campaignNames: readonly string[];
  /** The scope leaves nothing to read (an embed token limited to other platforms or campaigns). */
  readonly empty: boolean;
}

export interface Ambiguity {
  readonly fragment: string;
  readonly options: readonly string[];
}

export type FilterPlan =
  | { readonly kind: 'ok'; readonly filters: PlannedFilters }
  | { readonly kind: 'ambiguous'; readonly ambiguity: Ambiguity }
  | { readonly kind: 'unknown-campaign'; readonly names: readonly string[] };

export const MAX_ASK_BACK_OPTIONS = 5;

const fold = (value: string) => value.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().trim();

export function listOf<T>(value: T | readonly T[] | null): readonly T[] {
  if (value === null) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function candidatesOf(fragment: string, campaigns: readonly ChatCampaign[]): string[] {
  const needle = fold(fragment);
  const words = needle.split(/\s+/).filter((word) => word.length > 1);
  const names = campaigns
    .map((campaign) => campaign.name)
    .filter((name) => {
      const folded = fold(name);
      return folded.includes(needle) || (words.length > 0 && words.every((word) => folded.includes(word)));
    });
  return [...new Set(names)].sort().slice(0, MAX_ASK_BACK_OPTIONS);
}

export function planFilters(
  frame: Frame,
  campaigns: readonly ChatCampaign[],
  scope: ChatInput['scope'],
): FilterPlan {
  const fragments = frame.extras.ambiguousCampaigns ?? [];
  for (const fragment of fragments) {
    const options = candidatesOf(fragment, campaigns);
    if (options.length > 1) return { kind: 'ambiguous', ambiguity: { fragment, options } };
  }
  const names = listOf(frame.campaign);
  const inScope = (campaign: ChatCampaign) =>
    scope?.campaignIds === undefined ||
    scope.campaignIds.includes(campaign.externalId) ||
    scope.campaignIds.includes(campaign.id);
  const byName = new Map<string, ChatCampaign[]>();
  for (const campaign of campaigns) {
    const list = byName.get(fold(campaign.name)) ?? [];
    list.push(campaign);
    byName.set(fold(campaign.name), list);
  }
  const missing = names.filter((name) => !byName.has(fold(name)));
  if (missing.length > 0) return { kind: 'unknown-campaign', names: missing };
  const named = names.flatMap((name) => byName.get(fold(name)) ?? []);

  const askedPlatforms = listOf(frame.platform) as readonly string[];
  const scopePlatforms = scope?.platforms;
  const platforms =
    scopePlatforms === undefined
      ? askedPlatforms
      : askedPlatforms.length === 0
        ? scopePlatforms
        : askedPlatforms.filter((platform) => scopePlatforms.includes(platform));

  const scopedNamed = named.filter(inScope);
  let campaignIds: string[];
  if (names.length > 0) campaignIds = scopedNamed.map((campaign) => campaign.externalId);
  else if (scope?.campaignIds !== undefined)
    campaignIds = campaigns.filter(inScope).map((campaign) => campaign.externalId);
  else campaignIds = [];
  const empty =
    (scopePlatforms !== undefined && platforms.length === 0) ||
    ((names.length > 0 || scope?.campaignIds !== undefined) && campaignIds.length === 0);
  return {
    kind: 'ok',
    filters: {
      platforms: [...new Set(platforms)],
      campaignIds: [...new Set(campaignIds)].sort(),
      campaignNames: [...new Set(scopedNamed.map((campaign) => campaign.name))],
      empty,
    },
  };
}

export interface PlannedPeriod {
  readonly range: DayRange;
  /** The second range of a period comparison (as named: first mentioned first). */
  readonly other: DayRange | null;
  /** No period was named: the range is the intent's default, and the answer says so. */
  readonly defaulted: boolean;
  /** Starts after today: nothing measured yet. */
  readonly future: boolean;
}

function clampToToday(range: DayRange, today: string): DayRange {
  return range.to > today ? { from: range.from, to: today } : range;
}

export function planPeriod(frame: Frame, today: string): PlannedPeriod {
  const ranges = listOf(frame.range) as readonly DayRange[];
  const first = ranges[0];
  if (first === undefined) {
    const preset = frame.intent === 'trend' ? 'last_30_days' : 'last_7_days';
    return { range: resolvePresetOn(preset, today), other: null, defaulted: true, future: false };
  }
  const second = ranges[1];
  if (first.from > today) return { range: first, other: second ?? null, defaulted: false, future: true };
  return {
    range: clampToToday(first, today),
    other: second === undefined ? null : clampToToday(second, today),
    defaulted: false,
    future: false,
  };
}

/** The span just before `range`, of the same length. */
export function previousSpan(range: DayRange): DayRange {
  const length = spanLength(range);
  return { from: addDays(range.from, -length), to: addDays(range.from, -1) };
}
