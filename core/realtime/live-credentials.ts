import { AuthenticationError } from '../errors/errors.js';

const BEARER = /^Bearer +([A-Za-z0-9._~+/=-]+) *$/i;

/** Where a live connection may carry its credential; at most one may be present. */
export interface CredentialSources {
  readonly authorization?: string | undefined;
  readonly apiKeyHeader?: string | undefined;
  /** `?access_token=` (EventSource cannot set headers) or socket.io's `auth.token`. */
  readonly token?: string | undefined;
}

/**
 * The one credential of a live connection. Throws AuthenticationError when none, several, or a
 * malformed Authorization header is given; messages never echo the credential.
 */
export function liveCredentialOf(sources: CredentialSources): string {
  const given = [sources.authorization, sources.apiKeyHeader, sources.token].filter(
    (value) => value !== undefined && value !== '',
  );
  if (given.length === 0) throw new AuthenticationError();
  if (given.length > 1) {
    throw new AuthenticationError('Send one credential only', { code: 'AUTH_CREDENTIALS_AMBIGUOUS' });
  }
  if (sources.authorization !== undefined && sources.authorization !== '') {
    const token = BEARER.exec(sources.authorization)?.[1];
    if (token === undefined) {
      throw new AuthenticationError('Authorization must be "Bearer <token>"', {
        code: 'AUTH_SCHEME_UNSUPPORTED',
      });
    }
    return token;
  }
  return (sources.apiKeyHeader ?? sources.token ?? '').trim();
}
