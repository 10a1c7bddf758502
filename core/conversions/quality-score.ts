/**
 * Data-quality score of conversion events, 0–10, modelled on Meta's Event Match Quality: more and
 * better-formed identifiers score higher, as do fresh events and events that can be deduplicated
 * against the browser pixel. The weights are ours (Meta does not publish its model); the reasons
 * say what each fix is worth: "add phone numbers: +1.5".
 */
import type { ClearIdentifiers, HashedIdentifiers } from '../plugin-api/index.js';
import type { RawUserData } from './identity-hashing.js';

export const QUALITY_COMPONENTS = {
  email: { weight: 3, advice: 'add email addresses', fix: 'fix malformed email addresses' },
  phone: { weight: 1.5, advice: 'add phone numbers', fix: 'fix phone numbers (include the country code)' },
  clickId: { weight: 1.5, advice: 'pass click ids (fbc, gclid, ttclid, ScCid, li_fat_id)', fix: '' },
  ipAndUserAgent: { weight: 1, advice: 'add the client IP address and user agent', fix: '' },
  externalId: { weight: 1, advice: 'add your customer id (external id)', fix: '' },
  name: { weight: 0.5, advice: 'add first and last names', fix: 'fix names' },
  address: { weight: 0.5, advice: 'add city, zip and country', fix: 'fix address fields (2-letter country)' },
  browserId: { weight: 0.5, advice: 'pass browser ids (fbp, ttp) or order ids for deduplication', fix: '' },
  freshness: { weight: 0.5, advice: 'send events within an hour of when they happen', fix: '' },
} as const;

export type QualityComponent = keyof typeof QUALITY_COMPONENTS;

const FRESH_MS = 3_600_000;

export interface EventQuality {
  readonly score: number;
  readonly missing: QualityComponent[];
  readonly malformed: QualityComponent[];
}

interface Inputs {
  readonly raw: RawUserData;
  readonly hashed: HashedIdentifiers;
  readonly clear: ClearIdentifiers;
  readonly orderId: string | undefined;
  readonly ageMs: number;
}

/** Present-and-well-formed, present-but-malformed, or absent, per component. */
function states(input: Inputs): Record<QualityComponent, 'ok' | 'malformed' | 'missing'> {
  const { raw, hashed, clear } = input;
  const judge = (given: boolean, wellFormed: boolean) =>
    !given ? 'missing' : wellFormed ? 'ok' : 'malformed';
  const address = raw.city ?? raw.zip ?? raw.country;
  return {
    email: judge(raw.email !== undefined, hashed.email !== undefined),
    phone: judge(raw.phone !== undefined, hashed.phoneDigits !== undefined),
    clickId: judge(
      [clear.fbc, clear.gclid, clear.gbraid, clear.wbraid, clear.ttclid, clear.scClickId, clear.liFatId].some(
        (value) => value !== undefined,
      ),
      true,
    ),
    ipAndUserAgent: judge(clear.ipAddress !== undefined && clear.userAgent !== undefined, true),
    externalId: judge(hashed.externalId !== undefined, true),
    name: judge(
      raw.firstName !== undefined && raw.lastName !== undefined,
      hashed.firstName !== undefined && hashed.lastName !== undefined,
    ),
    address: judge(address !== undefined, raw.country === undefined || hashed.country !== undefined),
    browserId: judge(
      [clear.fbp, clear.ttp, clear.scCookie1, input.orderId].some((value) => value !== undefined),
      true,
    ),
    freshness: judge(input.ageMs <= FRESH_MS, true),
  };
}

export function scoreEvent(input: Inputs): EventQuality {
  let score = 0;
  const missing: QualityComponent[] = [];
  const malformed: QualityComponent[] = [];
  for (const [component, state] of Object.entries(states(input)) as [QualityComponent, string][]) {
    if (state === 'ok') score += QUALITY_COMPONENTS[component].weight;
    else if (state === 'malformed') malformed.push(component);
    else missing.push(component);
  }
  return { score: Math.round(score * 10) / 10, missing, malformed };
}

export interface QualityReason {
  readonly component: string;
  readonly gain: number;
  readonly message: string;
}

/**
 * Reasons for a set of events: each fix is worth its weight times the share of events lacking it
 * (the average score would rise by that much), largest first.
 */
export function qualityReasons(
  events: number,
  missing: Readonly<Record<string, number>>,
  malformed: Readonly<Record<string, number>>,
): QualityReason[] {
  if (events === 0) return [];
  const reasons: QualityReason[] = [];
  for (const [component, meta] of Object.entries(QUALITY_COMPONENTS)) {
    const add = ((missing[component] ?? 0) * meta.weight) / events;
    const fix = ((malformed[component] ?? 0) * meta.weight) / events;
    if (fix >= 0.05)
      reasons.push({
        component,
        gain: round1(fix),
        message: `${meta.fix || meta.advice}: +${round1(fix).toFixed(1)}`,
      });
    if (add >= 0.05)
      reasons.push({ component, gain: round1(add), message: `${meta.advice}: +${round1(add).toFixed(1)}` });
  }
  return reasons.sort((a, b) => b.gain - a.gain);
}

const round1 = (value: number) => Math.round(value * 10) / 10;
