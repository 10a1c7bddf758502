/**
 * The fake's Snapchat measurement endpoints (reference §4.2–4.4): DAY stats of one campaign
 * (`/campaigns/{id}/stats`) and of a whole ad account broken down by campaign
 * (`/adaccounts/{id}/stats?breakdown=campaign`, answered as `timeseries_stat.breakdown_stats.campaign[]`
 * the way Snap's measurement docs show breakdowns). Strict like the API: unknown parameters,
 * windows off the account's local midnights or longer than 32 days are 400s; stats are not
 * paginated.
 */
import type { FakeSnapAccount, FakeSnapCampaign, FakeSnapStatsRow } from './fake-snapchat.js';
import { SnapApiError } from './snap-api-error.js';

const MAX_DAY_WINDOW_DAYS = 32;
const STATS_PARAMS = new Set([
  'granularity',
  'start_time',
  'end_time',
  'fields',
  'breakdown',
  'swipe_up_attribution_window',
  'view_attribution_window',
  'action_report_time',
  'omit_empty',
]);

/** Local wall-clock parts and UTC offset text (`-08:00`) of an instant in a zone. */
const formatters = new Map<string, Intl.DateTimeFormat>();

function localParts(instant: Date, timeZone: string): { day: string; time: string; offset: string } {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  const zone = get('timeZoneName').replace('GMT', '');
  return {
    day: `${get('year')}-${get('month')}-${get('day')}`,
    time: `${get('hour')}:${get('minute')}:${get('second')}`,
    offset: zone === '' ? '+00:00' : zone,
  };
}

/** The instant a local midnight starts, found by stepping hours from the UTC guess. */
function offsetMinutes(text: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(text);
  if (match === null) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The instant a local midnight starts: the UTC guess shifted by the zone's offset, checked. */
function midnightOf(day: string, timeZone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  const first = guess - offsetMinutes(localParts(new Date(guess), timeZone).offset) * 60_000;
  const candidates = [first, guess - offsetMinutes(localParts(new Date(first), timeZone).offset) * 60_000];
  for (const instant of candidates) {
    const local = localParts(new Date(instant), timeZone);
    if (local.day === day && local.time === '00:00:00') return new Date(instant);
  }
  throw new Error(`No midnight for ${day} in ${timeZone}`);
}

function addDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

type Params = Readonly<Record<string, string>>;

export interface FakeSnapStatsDeps {
  account(id: string): FakeSnapAccount;
  campaignOf(id: string): FakeSnapCampaign;
  campaignsOf(accountId: string): readonly FakeSnapCampaign[];
  rowOf(campaignId: string, day: string): FakeSnapStatsRow | undefined;
  ok(rest: Record<string, unknown>): unknown;
}

export interface FakeSnapStats {
  campaign(campaignId: string, params: Params): unknown;
  account(accountId: string, params: Params): unknown;
}

/** The local days of a DAY request's window, after the checks Snap makes. */
function windowDays(params: Params, zone: string): string[] {
  for (const name of Object.keys(params))
    if (!STATS_PARAMS.has(name)) throw new SnapApiError(400, `Unrecognized field ${name}`, 'E1001');
  if (params['granularity'] !== 'DAY')
    throw new SnapApiError(400, 'Only DAY granularity is served by this fake', 'E1001');
  const start = new Date(params['start_time'] ?? 'invalid');
  const end = new Date(params['end_time'] ?? 'invalid');
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start)
    throw new SnapApiError(400, 'start_time and end_time are required ISO-8601 instants', 'E1001');
  const localStart = localParts(start, zone);
  const localEnd = localParts(end, zone);
  if (localStart.time !== '00:00:00' || localEnd.time !== '00:00:00')
    throw new SnapApiError(
      400,
      'For DAY granularity start_time and end_time must be local midnight of the ad account time zone',
      'E1004',
    );
  const days: string[] = [];
  for (let day = localStart.day; day < localEnd.day; day = addDay(day)) days.push(day);
  if (days.length > MAX_DAY_WINDOW_DAYS)
    throw new SnapApiError(400, `DAY windows span at most ${MAX_DAY_WINDOW_DAYS} days`, 'E1004');
  return days;
}

export function createFakeSnapStats(deps: FakeSnapStatsDeps): FakeSnapStats {
  const timeseriesOf = (campaignId: string, days: readonly string[], zone: string, params: Params) => {
    const fields = (params['fields'] ?? 'impressions,swipes,spend').split(',');
    const omitEmpty = params['omit_empty'] === 'true';
    return days.map((day) => {
      const row = deps.rowOf(campaignId, day);
      const values = Object.fromEntries(
        fields
          .map((field) => [field, row === undefined ? 0 : field in row.stats ? row.stats[field] : 0] as const)
          .filter(([, value]) => !omitEmpty || value !== 0),
      );
      return {
        start_time: `${day}T00:00:00.000${localParts(midnightOf(day, zone), zone).offset}`,
        end_time: `${addDay(day)}T00:00:00.000${localParts(midnightOf(addDay(day), zone), zone).offset}`,
        stats: values,
      };
    });
  };
  const answer = (stat: Record<string, unknown>, params: Params) =>
    deps.ok({
      timeseries_stats: [
        {
          sub_request_status: 'SUCCESS',
          timeseries_stat: {
            ...stat,
            granularity: 'DAY',
            start_time: params['start_time'],
            end_time: params['end_time'],
          },
        },
      ],
    });

  return {
    campaign(campaignId, params) {
      const campaign = deps.campaignOf(campaignId);
      if (
        params['breakdown'] !== undefined &&
        params['breakdown'] !== 'ad' &&
        params['breakdown'] !== 'adsquad'
      )
        throw new SnapApiError(400, 'breakdown of a campaign must be ad or adsquad', 'E1001');
      if (params['breakdown'] !== undefined)
        throw new SnapApiError(400, 'Campaign breakdowns are not served by this fake', 'E1001');
      const zone = deps.account(campaign.adAccountId).timezone;
      const days = windowDays(params, zone);
      return answer(
        { id: campaignId, type: 'CAMPAIGN', timeseries: timeseriesOf(campaignId, days, zone, params) },
        params,
      );
    },
    account(accountId, params) {
      const zone = deps.account(accountId).timezone;
      const breakdown = params['breakdown'];
      if (breakdown !== undefined && !['ad', 'adsquad', 'campaign'].includes(breakdown))
        throw new SnapApiError(400, `Invalid breakdown ${breakdown}`, 'E1001');
      if (breakdown !== 'campaign')
        throw new SnapApiError(
          400,
          'Only breakdown=campaign is served by this fake for ad accounts',
          'E1001',
        );
      const days = windowDays(params, zone);
      const campaign = deps.campaignsOf(accountId).map((found) => ({
        id: found.id,
        type: 'CAMPAIGN',
        granularity: 'DAY',
        start_time: params['start_time'],
        end_time: params['end_time'],
        timeseries: timeseriesOf(found.id, days, zone, params),
      }));
      return answer({ id: accountId, type: 'AD_ACCOUNT', breakdown_stats: { campaign } }, params);
    },
  };
}
