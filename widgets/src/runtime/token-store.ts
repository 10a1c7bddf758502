/**
 * The page's one embed token, shared by every widget. Taken from the page when it hands one in
 * (`data-token`, `configure({ token })`), otherwise fetched as soon as the bundle runs; renewed
 * before it expires (a minute early, or at half its life when it is short) without reloading
 * the page, and dropped at once when the API says it expired.
 */
import { config, initialToken, onConfigure } from './config.js';
import type { EmbedTokenGrant } from './config.js';

const EARLY_MS = 60_000;

interface Held {
  readonly token: string;
  readonly expiresAtMs: number;
}

let held: Held | undefined;
let pending: Promise<Held> | undefined;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
const renewListeners = new Set<(token: string) => void>();

function expiryOf(grant: EmbedTokenGrant): number {
  return typeof grant.expiresAt === 'number' ? grant.expiresAt : Date.parse(grant.expiresAt);
}

/** The `exp` claim (seconds) of a JWS compact token, as epoch ms; NaN when it cannot be read. */
function expiryOfBareToken(token: string): number {
  try {
    const payload = token.split('.')[1] ?? '';
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function schedule(next: Held): void {
  clearTimeout(renewTimer);
  const life = next.expiresAtMs - Date.now();
  const delay = Math.max(1_000, life > 2 * EARLY_MS ? life - EARLY_MS : life / 2);
  renewTimer = setTimeout(() => void fetchToken().catch(() => undefined), delay);
}

function hold(next: Held): void {
  held = next;
  // Without a token source there is nothing to renew with; the API's 401 will say so.
  if (config.getToken !== undefined) schedule(next);
  for (const listener of renewListeners) listener(next.token);
}

/** Adopts a token the page handed in; ignored when its expiry cannot be told or has passed. */
function adopt(token: string | EmbedTokenGrant): void {
  const next =
    typeof token === 'string'
      ? { token, expiresAtMs: expiryOfBareToken(token) }
      : { token: token.token, expiresAtMs: expiryOf(token) };
  if (Number.isFinite(next.expiresAtMs) && next.expiresAtMs > Date.now()) hold(next);
}

async function fetchToken(): Promise<Held> {
  pending ??= (async () => {
    try {
      const getToken = config.getToken;
      if (getToken === undefined)
        throw new Error('no token source: set data-token-endpoint or configure({ getToken })');
      const grant = await getToken();
      const next = { token: grant.token, expiresAtMs: expiryOf(grant) };
      hold(next);
      return next;
    } finally {
      pending = undefined;
    }
  })();
  return pending;
}

/** A token that is still valid, fetching one when none is held or it is about to expire. */
export async function currentToken(): Promise<string> {
  if (held !== undefined && held.expiresAtMs - Date.now() > 5_000) return held.token;
  return (await fetchToken()).token;
}

/** The API refused the token (expired, site changed): forget it and get a fresh one. */
export async function renewToken(): Promise<string> {
  held = undefined;
  return (await fetchToken()).token;
}

export function onTokenRenewed(listener: (token: string) => void): () => void {
  renewListeners.add(listener);
  return () => renewListeners.delete(listener);
}

/**
 * Called once when the bundle runs, before any element upgrades: the token request overlaps the
 * elements' own start-up instead of waiting for the first widget to ask.
 */
export function prefetchToken(): void {
  if (initialToken !== undefined) adopt(initialToken);
  if (held === undefined && config.getToken !== undefined) void fetchToken().catch(() => undefined);
}

onConfigure((options) => {
  if (options.token !== undefined) return adopt(options.token);
  if (options.getToken !== undefined || options.apiBase !== undefined) {
    held = undefined;
    clearTimeout(renewTimer);
  }
});
