/**
 * Graph API building blocks of the fake, written from the reference (§1.3–§1.5): the error
 * envelope, cursor paging with `paging.next`, the usage headers and the field lists the fake
 * knows. Not shared with the connector on purpose.
 */

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: {
      subcode?: number;
      type?: string;
      userMessage?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }

  body(traceId: string): Record<string, unknown> {
    return {
      error: {
        message: this.message,
        type: this.extra.type ?? 'OAuthException',
        code: this.code,
        ...(this.extra.subcode === undefined ? {} : { error_subcode: this.extra.subcode }),
        ...(this.extra.userMessage === undefined
          ? {}
          : { error_user_title: 'Error', error_user_msg: this.extra.userMessage }),
        fbtrace_id: traceId,
      },
    };
  }
}

export const invalidParameter = (message: string, subcode?: number) =>
  new GraphError(400, 100, `(#100) ${message}`, subcode === undefined ? {} : { subcode });

export const objectNotFound = (id: string) =>
  new GraphError(
    400,
    100,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { subcode: 33, type: 'GraphMethodException' },
  );

export const ACCOUNT_FIELDS = new Set([
  'id',
  'account_id',
  'name',
  'currency',
  'timezone_name',
  'timezone_offset_hours_utc',
  'account_status',
  'amount_spent',
  'business',
]);
export const CAMPAIGN_FIELDS = new Set([
  'id',
  'account_id',
  'name',
  'status',
  'configured_status',
  'effective_status',
  'objective',
  'daily_budget',
  'lifetime_budget',
  'budget_remaining',
  'buying_type',
  'start_time',
  'stop_time',
  'created_time',
  'updated_time',
]);
export const INSIGHTS_FIELDS = new Set([
  'account_id',
  'account_name',
  'account_currency',
  'campaign_id',
  'campaign_name',
  'date_start',
  'date_stop',
  'spend',
  'impressions',
  'clicks',
  'reach',
  'frequency',
  'ctr',
  'cpc',
  'cpm',
  'inline_link_clicks',
  'actions',
  'action_values',
  'cost_per_action_type',
  'purchase_roas',
  'website_purchase_roas',
]);
export const EFFECTIVE_STATUSES = new Set([
  'ACTIVE',
  'PAUSED',
  'DELETED',
  'ARCHIVED',
  'CAMPAIGN_PAUSED',
  'ADSET_PAUSED',
  'IN_PROCESS',
  'WITH_ISSUES',
  'PENDING_REVIEW',
  'DISAPPROVED',
  'PREAPPROVED',
  'PENDING_BILLING_INFO',
]);

/** `fields=a,b` checked against what the node type has: Meta names the first unknown one. */
export function requestedFields(
  params: Readonly<Record<string, string>>,
  known: ReadonlySet<string>,
  node: string,
  fallback: readonly string[],
): string[] {
  const raw = params['fields'];
  if (raw === undefined || raw.trim() === '') return [...fallback];
  const fields = raw.split(',').map((field) => field.trim());
  for (const field of fields)
    if (!known.has(field))
      throw invalidParameter(`Tried accessing nonexisting field (${field}) on node type (${node})`);
  return fields;
}

export function pick(
  source: Readonly<Record<string, unknown>>,
  fields: readonly string[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) if (source[field] !== undefined) out[field] = source[field];
  return out;
}

const encodeCursor = (offset: number) => Buffer.from(`fake-cursor:${offset}`).toString('base64url');

function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^fake-cursor:(\d+)$/.exec(text);
  if (!match) throw invalidParameter('The after cursor is invalid');
  return Number(match[1]);
}

/** Default page size of Graph edges, and the largest the fake serves (larger limits are cut down, as Meta does). */
export const DEFAULT_LIMIT = 25;

export function parseLimit(params: Readonly<Record<string, string>>, max: number): number {
  const raw = params['limit'];
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw invalidParameter('Param limit must be a positive integer');
  return Math.min(Number(raw), max);
}

/** One page of `rows` after the cursor, with `paging.next` only when more rows follow. */
export function pageOf(
  rows: readonly unknown[],
  params: Readonly<Record<string, string>>,
  selfUrl: URL,
  maxLimit: number,
): Record<string, unknown> {
  const limit = parseLimit(params, maxLimit);
  const offset = params['after'] === undefined ? 0 : decodeCursor(params['after']);
  const data = rows.slice(offset, offset + limit);
  const end = offset + data.length;
  const paging: Record<string, unknown> = {
    cursors: { before: encodeCursor(offset), after: encodeCursor(end) },
  };
  if (end < rows.length) {
    const next = new URL(selfUrl);
    next.searchParams.set('after', encodeCursor(end));
    next.searchParams.set('limit', String(limit));
    paging['next'] = next.toString();
  }
  if (offset > 0) {
    const previous = new URL(selfUrl);
    previous.searchParams.delete('after');
    previous.searchParams.set('before', encodeCursor(offset));
    paging['previous'] = previous.toString();
  }
  return { data, paging };
}

/** Usage headers of a healthy answer (percentages low, nobody blocked). */
export function usageHeaders(
  accountId: string | undefined,
  regainMinutes: number,
  percent: number,
  type = 'ads_insights',
): Record<string, string> {
  const headers: Record<string, string> = {
    'x-app-usage': JSON.stringify({
      call_count: percent,
      total_cputime: Math.floor(percent / 2),
      total_time: Math.floor(percent / 2),
    }),
  };
  if (accountId !== undefined)
    headers['x-business-use-case-usage'] = JSON.stringify({
      [accountId]: [
        {
          type,
          call_count: percent,
          total_cputime: Math.floor(percent / 2),
          total_time: Math.floor(percent / 2),
          estimated_time_to_regain_access: regainMinutes,
        },
      ],
    });
  return headers;
}

export function isCalendarDay(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export function daysBetween(since: string, until: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${since}T00:00:00Z`); t <= Date.parse(`${until}T00:00:00Z`); t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
