/**
 * Raw `ads_archive` rows → typed ads. Fields are optional in practice (commercial ads carry no
 * spend, impressions or currency): a missing list is empty, a missing range is `null`, and only
 * a row without a Library id is refused. Ranges stay ranges; nothing is averaged or guessed.
 */
import { decimalToMinor, integerString, minorUnitExponent } from '../meta/index.js';

export interface AdLibraryRange {
  readonly kind: 'range';
  readonly lower: number;
  readonly upper: number | null;
}

export interface AdLibraryMoneyRange extends AdLibraryRange {
  /** Minor units of `currency`. */
  readonly currency: string;
}

export interface AdLibraryAd {
  readonly externalId: string;
  readonly advertiserId: string | null;
  readonly advertiserName: string | null;
  readonly platforms: string[];
  readonly languages: string[];
  readonly createdAt: string | null;
  readonly deliveryStart: string | null;
  readonly deliveryStop: string | null;
  readonly creative: {
    readonly bodies: string[];
    readonly linkTitles: string[];
    readonly linkDescriptions: string[];
    readonly linkCaptions: string[];
  };
  readonly snapshotUrl: string | null;
  readonly spendRange: AdLibraryMoneyRange | null;
  readonly impressionsRange: AdLibraryRange | null;
}

export type MappedAd =
  { readonly ok: true; readonly ad: AdLibraryAd } | { readonly ok: false; readonly reason: string };

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value : null;

const texts = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string' && item.trim() !== '')
    : [];

/** Graph times come as `2026-11-02T08:00:00+0000`; stored as ISO 8601 UTC. */
function instant(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const parsed = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : normalised);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

function bounds(value: unknown, toNumber: (raw: unknown) => number | undefined): AdLibraryRange | null {
  if (typeof value !== 'object' || value === null) return null;
  const record = value as Record<string, unknown>;
  const lower = toNumber(record['lower_bound']);
  if (lower === undefined) return null;
  const upper = record['upper_bound'] === undefined ? null : (toNumber(record['upper_bound']) ?? null);
  return { kind: 'range', lower, upper };
}

function spendRange(row: Record<string, unknown>): AdLibraryMoneyRange | null {
  const currency = text(row['currency']);
  if (currency === null || !/^[A-Z]{3}$/.test(currency)) return null;
  const exponent = minorUnitExponent(currency);
  const range = bounds(row['spend'], (raw) => decimalToMinor(raw, exponent));
  return range === null ? null : { ...range, currency };
}

export function mapAdLibraryRow(raw: unknown): MappedAd {
  if (typeof raw !== 'object' || raw === null) return { ok: false, reason: 'row is not an object' };
  const row = raw as Record<string, unknown>;
  const id = typeof row['id'] === 'number' ? String(row['id']) : text(row['id']);
  if (id === null || !/^\d+$/.test(id)) return { ok: false, reason: 'row has no Library id' };
  return {
    ok: true,
    ad: {
      externalId: id,
      advertiserId: text(row['page_id']),
      advertiserName: text(row['page_name']),
      platforms: texts(row['publisher_platforms']).map((platform) => platform.toLowerCase()),
      languages: texts(row['languages']),
      createdAt: instant(row['ad_creation_time']),
      deliveryStart: instant(row['ad_delivery_start_time']),
      deliveryStop: instant(row['ad_delivery_stop_time']),
      creative: {
        bodies: texts(row['ad_creative_bodies']),
        linkTitles: texts(row['ad_creative_link_titles']),
        linkDescriptions: texts(row['ad_creative_link_descriptions']),
        linkCaptions: texts(row['ad_creative_link_captions']),
      },
      snapshotUrl: text(row['ad_snapshot_url']),
      spendRange: spendRange(row),
      impressionsRange: bounds(row['impressions'], integerString),
    },
  };
}
