/**
 * Rest.li 2.0 query reading shared by the LinkedIn fake (reference §5.2–5.3): raw `name=value`
 * pairs kept encoded, structure literals checked by pattern, LinkedIn's error body shape.
 */
export const DATE_RANGE =
  /^\(start:\(year:(\d{4}),month:(\d{1,2}),day:(\d{1,2})\),end:\(year:(\d{4}),month:(\d{1,2}),day:(\d{1,2})\)\)$/;
/** A campaigns facet: `List(urn%3Ali%3AsponsoredCampaign%3A1,…)`. */
export const CAMPAIGNS_LIST =
  /^List\(((?:urn%3Ali%3AsponsoredCampaign%3A\d+)(?:,urn%3Ali%3AsponsoredCampaign%3A\d+)*)\)$/;
export const ACCOUNTS_LIST =
  /^List\(((?:urn%3Ali%3AsponsoredAccount%3A\d+)(?:,urn%3Ali%3AsponsoredAccount%3A\d+)*)\)$/;
export const STATUS_SEARCH = /^\(status:\(values:List\(([A-Z_]+(?:,[A-Z_]+)*)\)\)\)$/;

export class LinkedInApiError extends Error {
  constructor(
    readonly status: number,
    readonly serviceErrorCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
export const badParam = (message: string) => new LinkedInApiError(400, 100, 'ILLEGAL_ARGUMENT', message);

/** Raw `name=value` pairs: values are kept encoded, as Rest.li reads them. */
export function rawParams(rawQuery: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of rawQuery.split('&').filter((part) => part !== '')) {
    const index = pair.indexOf('=');
    const name = decodeURIComponent(index < 0 ? pair : pair.slice(0, index));
    if (params.has(name)) throw badParam(`Duplicate query parameter ${name}`);
    params.set(name, index < 0 ? '' : pair.slice(index + 1));
  }
  return params;
}

export function allowOnly(params: Map<string, string>, allowed: readonly string[]): void {
  for (const name of params.keys())
    if (!allowed.includes(name)) throw badParam(`Unknown query parameter ${name}`);
}

export function parseDay(
  year: string | undefined,
  month: string | undefined,
  day: string | undefined,
): string {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    date.getUTCFullYear() !== Number(year) ||
    date.getUTCMonth() !== Number(month) - 1 ||
    date.getUTCDate() !== Number(day)
  )
    throw badParam('Invalid dateRange');
  return date.toISOString().slice(0, 10);
}

export const dateRecord = (day: string) => {
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  return { year, month, day: dayOfMonth };
};
