import type { RuleCampaignSnapshot, RuleScope } from '../../core/plugin-api/index.js';

const CLOSED_STATUSES: ReadonlySet<string> = new Set(['archived', 'deleted', 'removed']);

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, 'i');
}

/** Labels are `[label]` tags in a campaign's name: ingest keeps no labels of its own. */
export function labelsOf(name: string): string[] {
  return [...name.matchAll(/\[([^\]]+)\]/g)].map((match) => (match[1] ?? '').trim().toLowerCase());
}

// A pass asks every rule about every campaign (500 × 5,000): patterns and names recur, so each
// is compiled or parsed once. Bounded, as names come from tenants' data.
const patterns = new Map<string, RegExp>();
const labelSets = new Map<string, ReadonlySet<string>>();

function patternOf(glob: string): RegExp {
  let pattern = patterns.get(glob);
  if (pattern === undefined) {
    if (patterns.size > 10_000) patterns.clear();
    pattern = globToRegExp(glob);
    patterns.set(glob, pattern);
  }
  return pattern;
}

function labelSetOf(name: string): ReadonlySet<string> {
  let labels = labelSets.get(name);
  if (labels === undefined) {
    if (labelSets.size > 100_000) labelSets.clear();
    labels = new Set(labelsOf(name));
    labelSets.set(name, labels);
  }
  return labels;
}

/** Whether a campaign is in a rule's scope; archived and deleted campaigns never are. */
export function inScope(scope: RuleScope, campaign: RuleCampaignSnapshot): boolean {
  if (CLOSED_STATUSES.has(campaign.status)) return false;
  if (scope.platforms.length > 0 && !scope.platforms.includes(campaign.platform)) return false;
  if (
    scope.campaignIds.length > 0 &&
    !scope.campaignIds.includes(campaign.externalId) &&
    !scope.campaignIds.includes(campaign.key)
  )
    return false;
  if (scope.namePattern !== undefined && !patternOf(scope.namePattern).test(campaign.name)) return false;
  if (scope.labels.length > 0) {
    const labels = labelSetOf(campaign.name);
    if (!scope.labels.some((label) => labels.has(label.toLowerCase()))) return false;
  }
  return true;
}
