/**
 * The fake's `adAnalytics` finder (reference §5.3–5.5): `q=analytics`, `pivot=CAMPAIGN`, DAILY
 * granularity, `dateRange` records, the `accounts` facet and the optional `campaigns` facet
 * (both Rest.li lists of URNs), at most 20 known fields, no paging, silent truncation past
 * 15,000 elements.
 */
import type { FakeLinkedInData } from './fake-linkedin.js';
import {
  ACCOUNTS_LIST,
  CAMPAIGNS_LIST,
  DATE_RANGE,
  allowOnly,
  badParam,
  dateRecord,
  parseDay,
} from './restli-params.js';

const TRUNCATE_AT = 15_000;
const MAX_FIELDS = 20;
const ANALYTICS_FIELDS = new Set([
  'dateRange',
  'pivotValues',
  'impressions',
  'clicks',
  'landingPageClicks',
  'costInLocalCurrency',
  'costInUsd',
  'externalWebsiteConversions',
  'externalWebsitePostClickConversions',
  'externalWebsitePostViewConversions',
  'conversionValueInLocalCurrency',
  'oneClickLeads',
  'approximateMemberReach',
]);

export function fakeAnalytics(data: FakeLinkedInData, params: Map<string, string>): unknown {
  allowOnly(params, ['q', 'pivot', 'timeGranularity', 'dateRange', 'accounts', 'campaigns', 'fields']);
  if (params.get('q') !== 'analytics') throw badParam('q must be analytics');
  if (params.get('pivot') !== 'CAMPAIGN') throw badParam('This fake serves pivot=CAMPAIGN');
  if (params.get('timeGranularity') !== 'DAILY') throw badParam('This fake serves timeGranularity=DAILY');
  const range = DATE_RANGE.exec(params.get('dateRange') ?? '');
  if (range === null) throw badParam('Invalid Rest.li syntax in dateRange');
  const from = parseDay(range[1], range[2], range[3]);
  const to = parseDay(range[4], range[5], range[6]);
  if (to < from) throw badParam('dateRange end is before start');
  const accountList = ACCOUNTS_LIST.exec(params.get('accounts') ?? '');
  if (accountList === null) throw badParam('Invalid Rest.li syntax in accounts');
  const accountIds = (accountList[1] ?? '')
    .split(',')
    .map((urn) => Number(decodeURIComponent(urn).split(':')[3]));
  const fields = (params.get('fields') ?? '').split(',').filter((field) => field !== '');
  if (fields.length > MAX_FIELDS) throw badParam('At most 20 fields may be requested');
  for (const field of fields) if (!ANALYTICS_FIELDS.has(field)) throw badParam(`Unknown field ${field}`);
  const facet = params.get('campaigns');
  const campaignList = facet === undefined ? undefined : CAMPAIGNS_LIST.exec(facet);
  if (campaignList === null) throw badParam('Invalid Rest.li syntax in campaigns');
  const wanted =
    campaignList === undefined
      ? undefined
      : new Set(
          (campaignList[1] ?? '').split(',').map((urn) => Number(decodeURIComponent(urn).split(':')[3])),
        );
  const campaignIds = new Set(
    data.campaigns
      .filter((campaign) => accountIds.includes(campaign.accountId))
      .filter((campaign) => wanted === undefined || wanted.has(campaign.id))
      .map((campaign) => campaign.id),
  );
  const elements = data.rows
    .filter((row) => campaignIds.has(row.campaignId) && row.date >= from && row.date <= to)
    .map((row) => {
      const element: Record<string, unknown> = {};
      for (const field of fields) {
        if (field === 'pivotValues') element[field] = [`urn:li:sponsoredCampaign:${row.campaignId}`];
        else if (field === 'dateRange')
          element[field] = { start: dateRecord(row.date), end: dateRecord(row.date) };
        else
          element[field] =
            field in row.values
              ? row.values[field]
              : field.includes('Currency') || field === 'costInUsd'
                ? '0'
                : 0;
      }
      return element;
    });
  // LinkedIn truncates silently past 15,000 elements (community-documented).
  const truncated = elements.slice(0, TRUNCATE_AT);
  return { paging: { start: 0, count: truncated.length, links: [] }, elements: truncated };
}
