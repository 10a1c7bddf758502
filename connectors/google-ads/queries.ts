/** The GAQL this connector sends (reference §2.2). Dates are literals checked before they get here. */

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkedDay(day: string): string {
  if (!DAY.test(day)) throw new RangeError(`"${day}" is not a YYYY-MM-DD day`);
  return day;
}

function checkedId(id: string): string {
  if (!/^\d+$/.test(id)) throw new RangeError(`"${id}" is not a numeric id`);
  return id;
}

/** The customer itself: name, currency, time zone, status. */
export const CUSTOMER_QUERY =
  'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone, customer.status FROM customer';

const CAMPAIGN_FIELDS = [
  'campaign.id',
  'campaign.name',
  'campaign.status',
  'campaign.advertising_channel_type',
  'campaign.bidding_strategy_type',
  'campaign.campaign_budget',
  'campaign_budget.amount_micros',
  'campaign_budget.period',
  'campaign_budget.explicitly_shared',
].join(', ');

/** Every campaign, removed ones included (their history still has metrics), in a stable order. */
export const CAMPAIGNS_QUERY = `SELECT ${CAMPAIGN_FIELDS} FROM campaign ORDER BY campaign.id`;

/** One campaign with its budget and the customer's currency and zone (before an action). */
export function campaignQuery(campaignId: string): string {
  return `SELECT ${CAMPAIGN_FIELDS}, customer.currency_code, customer.time_zone FROM campaign WHERE campaign.id = ${checkedId(campaignId)}`;
}

/** Which conversion metrics count: Google's "conversions" columns, or "all conversions". */
export type ConversionMetric = 'conversions' | 'all_conversions';

/**
 * Daily rows per campaign. Selecting `segments.date` makes rows daily; the order makes pages
 * stable, so a resumed sync re-reads the same page and skips what it already yielded.
 */
export function dailyMetricsQuery(from: string, to: string, conversions: ConversionMetric): string {
  const conversionFields =
    conversions === 'conversions'
      ? 'metrics.conversions, metrics.conversions_value'
      : 'metrics.all_conversions, metrics.all_conversions_value';
  return (
    'SELECT campaign.id, segments.date, metrics.impressions, metrics.clicks, metrics.cost_micros, ' +
    `${conversionFields} FROM campaign WHERE segments.date BETWEEN '${checkedDay(from)}' AND '${checkedDay(to)}' ` +
    'ORDER BY segments.date, campaign.id'
  );
}
