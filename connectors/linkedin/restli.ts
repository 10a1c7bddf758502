/**
 * Rest.li 2.0 query encoding (reference §5.2, §5.3): structure characters `( ) , :` stay literal,
 * values are percent-encoded inside them (`List(urn%3Ali%3AsponsoredAccount%3A512345678)`). The
 * query string is written here and sent as part of the URL: a generic encoder would escape the
 * structure and LinkedIn would read it as data.
 */
export function encodeRestliValue(value: string): string {
  return encodeURIComponent(value).replace(
    /[()',!*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `List(a,b)` with each item encoded. */
export function restliList(values: readonly string[]): string {
  return `List(${values.map(encodeRestliValue).join(',')})`;
}

function date(day: string): string {
  const [year, month, dayOfMonth] = day.split('-').map(Number);
  return `(year:${year},month:${month},day:${dayOfMonth})`;
}

/** `(start:(year:2025,month:3,day:4),end:(year:2025,month:3,day:5))`: inclusive days. */
export function restliDateRange(from: string, to: string): string {
  return `(start:${date(from)},end:${date(to)})`;
}

/** A query string from already-encoded Rest.li values (`[name, encodedValue]` pairs). */
export function restliQuery(parameters: readonly (readonly [string, string])[]): string {
  return parameters.map(([name, value]) => `${encodeURIComponent(name)}=${value}`).join('&');
}

export const sponsoredAccountUrn = (id: string): string => `urn:li:sponsoredAccount:${id}`;
export const sponsoredCampaignUrn = (id: string): string => `urn:li:sponsoredCampaign:${id}`;
