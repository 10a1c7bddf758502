import type { ApiClient } from '../api/api-client.js';
import type { Locale, Translate } from '../i18n/messages.js';

/** What the shell hands every page: the API, the translator, and what the signed-in user may do. */
export interface PageContext {
  readonly api: ApiClient;
  readonly t: Translate;
  readonly locale: Locale;
  readonly permissions: ReadonlySet<string>;
  readonly navigate: (path: string) => void;
}

export const can = (context: PageContext, permission: string): boolean => context.permissions.has(permission);

export function formatInstant(locale: Locale, iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
