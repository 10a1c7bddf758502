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
  if (scope.namePattern !== undefined && !globToRegExp(scope.namePattern).test(campaign.name)) return false;
  if (scope.labels.length > 0) {
    const labels = new Set(labelsOf(campaign.name));
    if (!scope.labels.some((label) => labels.has(label.toLowerCase()))) return false;
  }
  return true;
}
