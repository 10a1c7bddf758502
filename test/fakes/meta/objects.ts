/**
 * What the fake Marketing API serves as data: insights rows of a query and the ad account and
 * campaign objects, shaped as in the reference (§1.2–1.3).
 */
import {
  INSIGHTS_FIELDS,
  daysBetween,
  invalidParameter,
  isCalendarDay,
  pick,
  requestedFields,
} from './graph.js';
import type { FakeMetaAccount, FakeMetaCampaign } from './model.js';

type Params = Record<string, string>;

/**
 * Daily campaign rows of an insights query as Meta returns them (`time_increment=1`), checked
 * as strictly as the API checks `level`, `time_range`, `time_increment` and `fields`.
 */
export function insightsRows(
  account: FakeMetaAccount,
  params: Params,
): { rows: unknown[]; range: { since: string; until: string } } {
  const level = params['level'] ?? 'account';
  if (level !== 'campaign' && level !== 'account')
    throw invalidParameter(`Param level must be one of {account, campaign} on this fake, got ${level}`);
  if (params['time_range'] !== undefined && params['date_preset'] !== undefined)
    throw invalidParameter('time_range and date_preset cannot be used together');
  let range: { since: string; until: string };
  try {
    const parsed = JSON.parse(params['time_range'] ?? 'null') as {
      since?: unknown;
      until?: unknown;
    } | null;
    if (parsed === null) throw new Error('missing');
    if (!isCalendarDay(parsed.since) || !isCalendarDay(parsed.until) || parsed.since > parsed.until)
      throw new Error('bad');
    range = { since: parsed.since, until: parsed.until };
  } catch {
    throw invalidParameter(
      'Param time_range must be a JSON object {"since":"YYYY-MM-DD","until":"YYYY-MM-DD"} with since <= until',
    );
  }
  const increment = params['time_increment'] ?? 'all_days';
  if (increment !== '1') throw invalidParameter(`This fake serves time_increment=1 only, got ${increment}`);
  const fields = requestedFields(params, INSIGHTS_FIELDS, 'AdsInsights', ['spend', 'impressions', 'clicks']);
  if (
    params['use_unified_attribution_setting'] !== undefined &&
    !['true', 'false'].includes(params['use_unified_attribution_setting'])
  )
    throw invalidParameter('Param use_unified_attribution_setting must be a boolean');
  const days = new Set(daysBetween(range.since, range.until));
  const rows: { date: string; id: string; row: unknown }[] = [];
  for (const campaign of account.campaigns)
    for (const [date, day] of campaign.days) {
      if (!days.has(date)) continue;
      if ('raw' in day) {
        rows.push({ date, id: campaign.id, row: day.raw });
        continue;
      }
      const full: Record<string, unknown> = {
        account_id: account.id,
        account_name: account.name,
        account_currency: account.currency,
        campaign_id: campaign.id,
        campaign_name: campaign.name,
        spend: day.spend,
        impressions: day.impressions,
        clicks: day.clicks,
        actions: day.actions,
        action_values: day.action_values,
      };
      rows.push({
        date,
        id: campaign.id,
        row: { ...pick(full, fields), date_start: date, date_stop: date },
      });
    }
  rows.sort((a, b) => (a.date === b.date ? a.id.localeCompare(b.id) : a.date.localeCompare(b.date)));
  return { rows: rows.map((entry) => entry.row), range };
}

/** An ad account object (`act_<id>`). */
export const accountObject = (account: FakeMetaAccount) => ({
  id: `act_${account.id}`,
  account_id: account.id,
  name: account.name,
  currency: account.currency,
  timezone_name: account.timezone_name,
  account_status: account.account_status,
});

/** A campaign object, or the raw garbage a test planted. */
export const campaignObject = (
  account: FakeMetaAccount,
  campaign: FakeMetaCampaign,
): Readonly<Record<string, unknown>> =>
  campaign.raw ?? {
    id: campaign.id,
    account_id: account.id,
    name: campaign.name,
    status: campaign.status,
    configured_status: campaign.status,
    effective_status: campaign.status,
    objective: campaign.objective,
    daily_budget: campaign.daily_budget,
    lifetime_budget: campaign.lifetime_budget,
  };
