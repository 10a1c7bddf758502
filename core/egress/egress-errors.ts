import { PluginError } from '../plugin-api/plugin-error.js';

/** Stable codes of the egress client's failures. */
export const EGRESS_ERROR_CODES = {
  urlInvalid: 'EGRESS_URL_INVALID',
  schemeNotAllowed: 'EGRESS_SCHEME_NOT_ALLOWED',
  credentialsInUrl: 'EGRESS_CREDENTIALS_IN_URL',
  addressBlocked: 'EGRESS_ADDRESS_BLOCKED',
  requestInvalid: 'EGRESS_REQUEST_INVALID',
  dnsFailed: 'EGRESS_DNS_FAILED',
  networkError: 'EGRESS_NETWORK_ERROR',
  tlsFailed: 'EGRESS_TLS_FAILED',
  timeout: 'EGRESS_TIMEOUT',
  responseTooLarge: 'EGRESS_RESPONSE_TOO_LARGE',
  responseNotJson: 'EGRESS_RESPONSE_NOT_JSON',
  tooManyRedirects: 'EGRESS_TOO_MANY_REDIRECTS',
} as const;

export type EgressErrorCode = (typeof EGRESS_ERROR_CODES)[keyof typeof EGRESS_ERROR_CODES];

/** A refused destination: the installation's configuration (or the allow list) must change. */
export function egressConfigError(code: EgressErrorCode, message: string, details?: unknown): PluginError {
  return new PluginError('config', message, { code, details });
}

/**
 * One attempt's network-level failure, before it becomes a `PluginError`. `requestSent` says
 * whether any byte of the request may have reached the server: when false, even a POST is safe
 * to repeat.
 */
export class WireFailure extends Error {
  readonly code: string;
  readonly requestSent: boolean;

  constructor(code: string, requestSent: boolean, cause?: unknown) {
    super(`egress attempt failed: ${code}`, cause === undefined ? undefined : { cause });
    this.name = 'WireFailure';
    this.code = code;
    this.requestSent = requestSent;
  }
}

/** The Node error code of a socket/DNS failure (`ECONNREFUSED`, `ENOTFOUND`…), or `UNKNOWN`. */
export function systemErrorCode(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return 'UNKNOWN';
}

const TLS_ERROR_PATTERN = /^(?:ERR_TLS_|ERR_SSL_)|CERT|SELF_SIGNED|UNABLE_TO_(?:VERIFY|GET)/;

/** Whether a socket error code is a TLS/certificate failure (retrying cannot fix those). */
export function isTlsErrorCode(code: string): boolean {
  return TLS_ERROR_PATTERN.test(code);
}
