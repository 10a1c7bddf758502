/**
 * Normalisation and SHA-256 hashing of conversion identifiers by each platform's rules
 * (reference §7.1). It runs at intake, so raw personal data never reaches storage: every variant
 * a platform needs is hashed here and sinks only pick one.
 */
import { createHash } from 'node:crypto';
import type { ClearIdentifiers, HashedIdentifiers } from '../plugin-api/index.js';

const SHA256_HEX = /^[a-f0-9]{64}$/i;
const GOOGLE_MAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
// Unicode punctuation and symbols; letters of any script stay (names are UTF-8).
const PUNCTUATION = /[\p{P}\p{S}]/gu;
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** SHA-256 of the UTF-8 string, lower-case hex. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** A value that already is a SHA-256 hex digest is passed on (lower-cased), never hashed twice. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value.trim());
}

function hashNormalised(raw: string | undefined, normalise: (value: string) => string | undefined) {
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  if (isSha256Hex(trimmed)) return trimmed.toLowerCase();
  const normalised = normalise(trimmed);
  return normalised === undefined || normalised === '' ? undefined : sha256Hex(normalised);
}

export function normaliseEmail(value: string): string | undefined {
  const email = value.trim().toLowerCase();
  return EMAIL_SHAPE.test(email) ? email : undefined;
}

/** Google only: dots in the local part of gmail.com / googlemail.com addresses are dropped. */
export function normaliseEmailForGoogle(value: string): string | undefined {
  const email = normaliseEmail(value);
  if (email === undefined) return undefined;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  return GOOGLE_MAIL_DOMAINS.has(domain) ? `${local.replaceAll('.', '')}@${domain}` : email;
}

/**
 * Digits with the country code, no `+`, no leading zeros (`0044…` → `44…`). The number must
 * carry its country code (`+1 650…` or `001650…`): we cannot guess it, so 8–15 digits are required.
 */
export function normalisePhoneDigits(value: string): string | undefined {
  const digits = value.replace(/\D/g, '').replace(/^0+/, '');
  return digits.length >= 8 && digits.length <= 15 ? digits : undefined;
}

export function normalisePhoneE164(value: string): string | undefined {
  const digits = normalisePhoneDigits(value);
  return digits === undefined ? undefined : `+${digits}`;
}

export function normaliseName(value: string): string | undefined {
  const name = value.trim().toLowerCase().replace(PUNCTUATION, '').trim();
  return name === '' ? undefined : name;
}

/** Meta: lower-case, no spaces or punctuation. */
export function normaliseCityForMeta(value: string): string | undefined {
  const city = value.toLowerCase().replace(PUNCTUATION, '').replace(/\s+/g, '');
  return city === '' ? undefined : city;
}

export function normaliseStateForMeta(value: string): string | undefined {
  const state = value
    .trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  return state.length === 2 ? state : undefined;
}

/** Meta: US zips keep their first 5 digits; others lower-case without spaces. */
export function normaliseZipForMeta(value: string, country: string | undefined): string | undefined {
  const zip = value.trim().toLowerCase().replace(/\s+/g, '');
  if (country?.trim().toLowerCase() === 'us') {
    const digits = zip.replace(/\D/g, '').slice(0, 5);
    return digits.length === 5 ? digits : undefined;
  }
  return zip === '' ? undefined : zip;
}

export function normaliseCountry(value: string): string | undefined {
  const country = value.trim().toLowerCase();
  return /^[a-z]{2}$/.test(country) ? country : undefined;
}

export function normaliseGender(value: string): string | undefined {
  const gender = value.trim().toLowerCase().charAt(0);
  return gender === 'f' || gender === 'm' ? gender : undefined;
}

/** `YYYY-MM-DD` or `YYYYMMDD` → Meta's `YYYYMMDD`. */
export function normaliseDateOfBirth(value: string): string | undefined {
  const digits = value.trim().replace(/-/g, '');
  return /^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/.test(digits) ? digits : undefined;
}

/** The raw user data an intake event may carry (already validated for type and length). */
export interface RawUserData {
  readonly email?: string | undefined;
  readonly phone?: string | undefined;
  readonly firstName?: string | undefined;
  readonly lastName?: string | undefined;
  readonly city?: string | undefined;
  readonly state?: string | undefined;
  readonly zip?: string | undefined;
  readonly country?: string | undefined;
  readonly externalId?: string | undefined;
  readonly gender?: string | undefined;
  readonly dateOfBirth?: string | undefined;
  readonly ipAddress?: string | undefined;
  readonly userAgent?: string | undefined;
  readonly clickIds?: Readonly<Partial<Record<ClickIdName, string | undefined>>> | undefined;
}

export const CLICK_ID_NAMES = [
  'fbc',
  'fbp',
  'gclid',
  'gbraid',
  'wbraid',
  'ttclid',
  'ttp',
  'scClickId',
  'scCookie1',
  'liFatId',
] as const;
export type ClickIdName = (typeof CLICK_ID_NAMES)[number];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function dropUndefined<T extends object>(value: Mutable<T>): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

/** Every hashed variant the five platforms need, from raw user data. */
export function hashIdentifiers(user: RawUserData): HashedIdentifiers {
  return dropUndefined<HashedIdentifiers>({
    email: hashNormalised(user.email, normaliseEmail),
    emailGoogle: hashNormalised(user.email, normaliseEmailForGoogle),
    phoneDigits: hashNormalised(user.phone, normalisePhoneDigits),
    phoneE164: hashNormalised(user.phone, normalisePhoneE164),
    firstName: hashNormalised(user.firstName, normaliseName),
    lastName: hashNormalised(user.lastName, normaliseName),
    city: hashNormalised(user.city, normaliseCityForMeta),
    state: hashNormalised(user.state, normaliseStateForMeta),
    zip: hashNormalised(user.zip, (zip) => normaliseZipForMeta(zip, user.country)),
    country: hashNormalised(user.country, normaliseCountry),
    externalId: hashNormalised(user.externalId, (id) => id),
    gender: hashNormalised(user.gender, normaliseGender),
    dateOfBirth: hashNormalised(user.dateOfBirth, normaliseDateOfBirth),
  });
}

const clean = (value: string | undefined) => {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' || isSha256Hex(trimmed) ? undefined : trimmed;
};

/** The fields platforms take in clear text (never hashed), trimmed. */
export function clearIdentifiers(user: RawUserData): ClearIdentifiers {
  const clicks = user.clickIds ?? {};
  const country = clean(user.country);
  return dropUndefined<ClearIdentifiers>({
    ipAddress: clean(user.ipAddress),
    userAgent: clean(user.userAgent),
    ...Object.fromEntries(CLICK_ID_NAMES.map((name) => [name, clean(clicks[name])])),
    city: clean(user.city)?.toLowerCase(),
    state: clean(user.state)?.toLowerCase(),
    zip: clean(user.zip)?.toLowerCase(),
    countryCode: country === undefined ? undefined : normaliseCountry(country)?.toUpperCase(),
    firstName: clean(user.firstName),
    lastName: clean(user.lastName),
  });
}
