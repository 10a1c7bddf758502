/**
 * `googleAds:search` of the fake: runs a parsed GAQL query over the fake's data and renders
 * GoogleAdsRow JSON the way the REST API does (camelCase keys, int64 as strings, doubles as
 * numbers, default values omitted — reference §2.3).
 */
import type { FakeCampaign, FakeCustomer, FakeDailyRow, FakeGoogleAdsData } from './fixtures.js';
import { GaqlError, matches } from './gaql.js';
import type { GaqlQuery, GaqlValue } from './gaql.js';

interface Metrics {
  impressions: number;
  clicks: number;
  costMicros: bigint;
  conversions: number;
  conversionsValue: number;
  allConversions: number;
  allConversionsValue: number;
}

interface RowContext {
  readonly customer: FakeCustomer;
  readonly campaign?: FakeCampaign;
  readonly date?: string;
  readonly metrics?: Metrics;
}

type FieldType = 'int64' | 'double' | 'string' | 'bool';
interface FieldDefinition {
  readonly type: FieldType;
  readonly resource: 'customer' | 'campaign' | 'segments' | 'metrics';
  get(context: RowContext): GaqlValue | boolean | undefined;
}

const metric = (pick: (metrics: Metrics) => number | bigint, type: FieldType): FieldDefinition => ({
  type,
  resource: 'metrics',
  get: (context) => {
    if (context.metrics === undefined) return undefined;
    const value = pick(context.metrics);
    return typeof value === 'bigint' ? value.toString() : value;
  },
});

export const FIELDS: Readonly<Record<string, FieldDefinition>> = {
  'customer.id': { type: 'int64', resource: 'customer', get: (c) => c.customer.id },
  'customer.resource_name': {
    type: 'string',
    resource: 'customer',
    get: (c) => `customers/${c.customer.id}`,
  },
  'customer.descriptive_name': { type: 'string', resource: 'customer', get: (c) => c.customer.name },
  'customer.currency_code': { type: 'string', resource: 'customer', get: (c) => c.customer.currency },
  'customer.time_zone': { type: 'string', resource: 'customer', get: (c) => c.customer.timeZone },
  'customer.status': { type: 'string', resource: 'customer', get: (c) => c.customer.status },
  'customer.manager': { type: 'bool', resource: 'customer', get: () => false },
  'campaign.id': { type: 'int64', resource: 'campaign', get: (c) => c.campaign?.id },
  'campaign.resource_name': {
    type: 'string',
    resource: 'campaign',
    get: (c) =>
      c.campaign === undefined ? undefined : `customers/${c.customer.id}/campaigns/${c.campaign.id}`,
  },
  'campaign.name': { type: 'string', resource: 'campaign', get: (c) => c.campaign?.name },
  'campaign.status': { type: 'string', resource: 'campaign', get: (c) => c.campaign?.status },
  'campaign.advertising_channel_type': {
    type: 'string',
    resource: 'campaign',
    get: (c) => c.campaign?.channelType,
  },
  'campaign.bidding_strategy_type': {
    type: 'string',
    resource: 'campaign',
    get: (c) => c.campaign?.biddingStrategyType,
  },
  'campaign.campaign_budget': {
    type: 'string',
    resource: 'campaign',
    get: (c) =>
      c.campaign === undefined
        ? undefined
        : `customers/${c.customer.id}/campaignBudgets/${c.campaign.budget.id}`,
  },
  'campaign_budget.id': { type: 'int64', resource: 'campaign', get: (c) => c.campaign?.budget.id },
  'campaign_budget.resource_name': {
    type: 'string',
    resource: 'campaign',
    get: (c) =>
      c.campaign === undefined
        ? undefined
        : `customers/${c.customer.id}/campaignBudgets/${c.campaign.budget.id}`,
  },
  'campaign_budget.amount_micros': {
    type: 'int64',
    resource: 'campaign',
    get: (c) => c.campaign?.budget.amountMicros,
  },
  'campaign_budget.period': { type: 'string', resource: 'campaign', get: (c) => c.campaign?.budget.period },
  'campaign_budget.explicitly_shared': {
    type: 'bool',
    resource: 'campaign',
    get: (c) => c.campaign?.budget.shared,
  },
  'segments.date': { type: 'string', resource: 'segments', get: (c) => c.date },
  'metrics.impressions': metric((m) => m.impressions, 'int64'),
  'metrics.clicks': metric((m) => m.clicks, 'int64'),
  'metrics.cost_micros': metric((m) => m.costMicros, 'int64'),
  'metrics.conversions': metric((m) => m.conversions, 'double'),
  'metrics.conversions_value': metric((m) => m.conversionsValue, 'double'),
  'metrics.all_conversions': metric((m) => m.allConversions, 'double'),
  'metrics.all_conversions_value': metric((m) => m.allConversionsValue, 'double'),
};

/** Resources the fake serves, with the field groups each may select. */
const SELECTABLE: Readonly<Record<string, ReadonlySet<FieldDefinition['resource']>>> = {
  customer: new Set(['customer']),
  campaign: new Set(['customer', 'campaign', 'segments', 'metrics']),
};

const camel = (name: string) => name.replace(/_([a-z])/g, (_match, letter: string) => letter.toUpperCase());

function metricsOf(row: FakeDailyRow): Metrics {
  return {
    impressions: row.impressions,
    clicks: row.clicks,
    costMicros: BigInt(row.costMicros),
    conversions: row.conversions,
    conversionsValue: row.conversionsValue,
    allConversions: row.allConversions,
    allConversionsValue: row.allConversionsValue,
  };
}

function add(total: Metrics, more: Metrics): Metrics {
  return {
    impressions: total.impressions + more.impressions,
    clicks: total.clicks + more.clicks,
    costMicros: total.costMicros + more.costMicros,
    conversions: total.conversions + more.conversions,
    conversionsValue: total.conversionsValue + more.conversionsValue,
    allConversions: total.allConversions + more.allConversions,
    allConversionsValue: total.allConversionsValue + more.allConversionsValue,
  };
}

function checkFields(query: GaqlQuery): void {
  const allowed = SELECTABLE[query.from];
  if (allowed === undefined)
    throw new GaqlError('INVALID_RESOURCE_TYPE', `The fake does not serve resource "${query.from}"`);
  const named = [...query.select, ...query.where.map((c) => c.field), ...query.orderBy.map((o) => o.field)];
  for (const name of named) {
    const definition = FIELDS[name];
    if (definition === undefined)
      throw new GaqlError('UNRECOGNIZED_FIELD', `Unrecognized field in the query: '${name}'.`);
    if (!allowed.has(definition.resource))
      throw new GaqlError(
        'PROHIBITED_RESOURCE_TYPE_IN_SELECT_CLAUSE',
        `Cannot select or filter on '${name}' from '${query.from}'.`,
      );
  }
  const segmentsByDate = query.select.includes('segments.date');
  const dateFilters = query.where.filter((c) => c.field === 'segments.date');
  const bounded =
    dateFilters.some((c) => c.operator === 'BETWEEN' || c.operator === '=') ||
    (dateFilters.some((c) => c.operator === '>=' || c.operator === '>') &&
      dateFilters.some((c) => c.operator === '<=' || c.operator === '<'));
  if (segmentsByDate && !bounded)
    throw new GaqlError(
      'EXPECTED_FILTERS_ON_DATE_RANGE',
      'Selecting segments.date requires a finite date range filter.',
    );
}

function contexts(data: FakeGoogleAdsData, customer: FakeCustomer, query: GaqlQuery): RowContext[] {
  if (query.from === 'customer') return [{ customer }];
  const campaigns = new Map(data.campaigns.filter((c) => c.customerId === customer.id).map((c) => [c.id, c]));
  const daily = [...query.select, ...query.where.map((c) => c.field)].some(
    (name) => name.startsWith('metrics.') || name.startsWith('segments.'),
  );
  if (!daily) return [...campaigns.values()].map((campaign) => ({ customer, campaign }));
  const rows: RowContext[] = [];
  for (const row of data.daily) {
    const campaign = campaigns.get(row.campaignId);
    if (row.customerId === customer.id && campaign !== undefined)
      rows.push({ customer, campaign, date: row.date, metrics: metricsOf(row) });
  }
  if (query.select.includes('segments.date')) return rows;
  // Metrics without segments.date: one row per campaign, summed over the filtered days.
  const dateFilters = query.where.filter((c) => c.field === 'segments.date');
  const totals = new Map<string, RowContext>();
  for (const row of rows) {
    if (
      !dateFilters.every((condition) => matches(row.date, condition)) ||
      row.campaign === undefined ||
      row.metrics === undefined
    )
      continue;
    const previous = totals.get(row.campaign.id);
    totals.set(row.campaign.id, {
      customer,
      campaign: row.campaign,
      metrics: previous?.metrics === undefined ? row.metrics : add(previous.metrics, row.metrics),
    });
  }
  return [...totals.values()];
}

function valueOf(context: RowContext, name: string): GaqlValue | boolean | undefined {
  return FIELDS[name]?.get(context);
}

function comparable(value: GaqlValue | boolean | undefined): GaqlValue | undefined {
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return value;
}

function render(context: RowContext, select: readonly string[]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const name of select) {
    const definition = FIELDS[name];
    const value = definition?.get(context);
    // Proto3 JSON omits fields that hold their default value.
    if (value === undefined || value === '' || value === 0 || value === false || value === '0') continue;
    const [resource = '', ...rest] = name.split('.');
    const key = camel(resource);
    const target = (row[key] ??= {}) as Record<string, unknown>;
    target[camel(rest.join('.'))] = definition?.type === 'int64' ? String(value) : value;
  }
  return row;
}

export interface SearchResultRow {
  readonly json: Record<string, unknown>;
  readonly campaignId: string | undefined;
  readonly date: string | undefined;
}

/** Every row the query selects for `customer`, rendered, filtered, ordered and limited. */
export function runSearch(
  data: FakeGoogleAdsData,
  customer: FakeCustomer,
  query: GaqlQuery,
): SearchResultRow[] {
  checkFields(query);
  let rows = contexts(data, customer, query).filter((context) =>
    query.where.every((condition) => matches(comparable(valueOf(context, condition.field)), condition)),
  );
  if (query.orderBy.length > 0)
    rows = [...rows].sort((left, right) => {
      for (const { field, descending } of query.orderBy) {
        const a = comparable(valueOf(left, field));
        const b = comparable(valueOf(right, field));
        const type = FIELDS[field]?.type;
        const order =
          type === 'int64' || type === 'double'
            ? Number(a ?? 0) - Number(b ?? 0)
            : String(a ?? '').localeCompare(String(b ?? ''));
        if (order !== 0) return descending ? -order : order;
      }
      return 0;
    });
  if (query.limit !== undefined) rows = rows.slice(0, query.limit);
  return rows.map((context) => ({
    json: render(context, query.select),
    campaignId: context.campaign?.id,
    date: context.date,
  }));
}

/** The response's `fieldMask`: the selected fields in camelCase. */
export function fieldMaskOf(query: GaqlQuery): string {
  return query.select.map((name) => name.split('.').map(camel).join('.')).join(',');
}
