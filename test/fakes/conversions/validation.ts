/**
 * Strict checks of the five conversion APIs' bodies, written from reference §7 only: unhashed
 * identifiers, bad shapes, too-old events and oversize batches are refused as each platform
 * refuses them.
 */
const HEX64 = /^[a-f0-9]{64}$/;
const DAY_S = 86_400;

export const isHash = (value: unknown) => typeof value === 'string' && HEX64.test(value);
const hashArray = (value: unknown) => value === undefined || (Array.isArray(value) && value.every(isHash));
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const META_HASHED = ['em', 'ph', 'fn', 'ln', 'ge', 'db', 'ct', 'st', 'zp', 'country', 'external_id'];

/** Meta §7.2: returns the first problem, or undefined. */
export function metaEventProblem(event: unknown, nowS: number): string | undefined {
  if (!isRecord(event)) return 'event must be an object';
  if (typeof event.event_name !== 'string' || event.event_name === '') return 'event_name is required';
  if (typeof event.event_time !== 'number' || !Number.isInteger(event.event_time))
    return 'event_time must be Unix seconds';
  if (event.event_time > 1e11) return 'event_time must be seconds, not milliseconds';
  if (event.action_source === 'website' && nowS - event.event_time > 7 * DAY_S)
    return 'event_time is more than 7 days in the past';
  if (event.action_source === 'website' && typeof event.event_source_url !== 'string')
    return 'event_source_url is required for website events';
  if (!isRecord(event.user_data)) return 'user_data is required';
  for (const key of META_HASHED)
    if (!hashArray(event.user_data[key])) return `user_data.${key} must be SHA-256 hashed`;
  const clientIp = event.user_data.client_ip_address;
  if (clientIp !== undefined && isHash(clientIp)) return 'client_ip_address must not be hashed';
  if (isRecord(event.custom_data) && event.custom_data.value !== undefined) {
    if (typeof event.custom_data.value !== 'number') return 'custom_data.value must be a number';
    if (typeof event.custom_data.currency !== 'string') return 'custom_data.currency is required with value';
  }
  return undefined;
}

/** Google §7.3: identifiers hashed, address parts in clear text, a click id or identifiers. */
export function googleConversionProblem(row: unknown): string | undefined {
  if (!isRecord(row)) return 'conversion must be an object';
  if (
    typeof row.conversionAction !== 'string' ||
    !/^customers\/\d+\/conversionActions\/\d+$/.test(row.conversionAction)
  )
    return 'conversionAction must be customers/{cid}/conversionActions/{id}';
  if (
    typeof row.conversionDateTime !== 'string' ||
    !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/.test(row.conversionDateTime)
  )
    return 'conversionDateTime must be yyyy-mm-dd hh:mm:ss+hh:mm';
  const ids = row.userIdentifiers;
  if (row.gclid === undefined && row.gbraid === undefined && row.wbraid === undefined && !Array.isArray(ids))
    return 'a click id or userIdentifiers is required';
  for (const id of Array.isArray(ids) ? ids : []) {
    if (!isRecord(id)) return 'userIdentifier must be an object';
    if (id.hashedEmail !== undefined && !isHash(id.hashedEmail)) return 'hashedEmail must be SHA-256 hex';
    if (id.hashedPhoneNumber !== undefined && !isHash(id.hashedPhoneNumber))
      return 'hashedPhoneNumber must be SHA-256 hex';
    if (isRecord(id.addressInfo)) {
      for (const key of ['city', 'state', 'postalCode', 'countryCode'])
        if (isHash(id.addressInfo[key])) return `addressInfo.${key} must not be hashed`;
    }
  }
  if (row.conversionValue !== undefined && typeof row.currencyCode !== 'string')
    return 'currencyCode is required';
  return undefined;
}

export function tiktokEventProblem(event: unknown): string | undefined {
  if (!isRecord(event)) return 'event must be an object';
  if (typeof event.event !== 'string') return 'event is required';
  if (typeof event.event_time !== 'number' || event.event_time > 1e11)
    return 'event_time must be Unix seconds';
  if (!isRecord(event.user)) return 'user is required';
  for (const key of ['email', 'phone', 'external_id'])
    if (event.user[key] !== undefined && !isHash(event.user[key]))
      return `user.${key} must be SHA-256 hashed`;
  return undefined;
}

const SNAP_EVENTS = new Set(['PURCHASE', 'ADD_CART', 'SIGN_UP', 'PAGE_VIEW', 'START_CHECKOUT', 'SUBSCRIBE']);

export function snapchatEventProblem(event: unknown, nowS: number): string | undefined {
  if (!isRecord(event)) return 'event must be an object';
  if (typeof event.event_name !== 'string' || !SNAP_EVENTS.has(event.event_name)) return 'unknown event_name';
  if (typeof event.event_time !== 'number' || event.event_time > 1e11)
    return 'event_time must be Unix seconds';
  if (nowS - event.event_time > 37 * DAY_S) return 'event_time is more than 37 days in the past';
  if (!['WEB', 'MOBILE_APP', 'OFFLINE'].includes(String(event.action_source))) return 'bad action_source';
  if (!isRecord(event.user_data)) return 'user_data is required';
  for (const key of ['em', 'ph'])
    if (!hashArray(event.user_data[key])) return `user_data.${key} must be SHA-256 hashed`;
  return undefined;
}

export function linkedinEventProblem(event: unknown, nowMs: number): string | undefined {
  if (!isRecord(event)) return 'element must be an object';
  if (typeof event.conversion !== 'string' || !/^urn:lla:llaPartnerConversion:\d+$/.test(event.conversion))
    return 'conversion must be urn:lla:llaPartnerConversion:{id}';
  if (typeof event.conversionHappenedAt !== 'number' || event.conversionHappenedAt < 1e11)
    return 'conversionHappenedAt must be epoch milliseconds';
  if (nowMs - event.conversionHappenedAt > 90 * DAY_S * 1000) return 'conversion is more than 90 days old';
  if (!isRecord(event.user) || !Array.isArray(event.user.userIds)) return 'user.userIds is required';
  for (const id of event.user.userIds as unknown[]) {
    if (!isRecord(id)) return 'bad userId';
    if (id.idType === 'SHA256_EMAIL' && !isHash(id.idValue)) return 'SHA256_EMAIL must be hashed';
  }
  if (isRecord(event.conversionValue) && typeof event.conversionValue.amount !== 'string')
    return 'conversionValue.amount must be a decimal string';
  return undefined;
}
