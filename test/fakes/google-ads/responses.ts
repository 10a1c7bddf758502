/**
 * Error bodies of the Google Ads REST API (reference §2.5): a google.rpc.Status whose `details`
 * hold a GoogleAdsFailure, `errors[].errorCode` = `{ <category>: <ENUM> }`. Answers from Google's
 * front end (bad JSON, unknown fields, a missing credential) carry no GoogleAdsFailure.
 */

const CANONICAL: Readonly<Record<number, { status: string; message: string }>> = {
  400: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  401: {
    status: 'UNAUTHENTICATED',
    message:
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  },
  403: { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
  404: { status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  429: { status: 'RESOURCE_EXHAUSTED', message: 'Resource has been exhausted (e.g. check quota).' },
  500: { status: 'INTERNAL', message: 'Internal error encountered.' },
  503: { status: 'UNAVAILABLE', message: 'The service is currently unavailable.' },
};

export interface FakeAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly contentType?: string;
}

let requestCounter = 0;

/** A fresh request id, as Google returns in the `request-id` header and the failure. */
export function nextRequestId(): string {
  requestCounter += 1;
  return `fake-${Date.now().toString(36)}-${requestCounter}`;
}

export interface AdsErrorDetail {
  readonly category: string;
  readonly reason: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
  readonly location?: Record<string, unknown>;
}

/** A GoogleAdsFailure answer. */
export function adsFailure(
  status: number,
  apiVersion: string,
  error: AdsErrorDetail,
  requestId: string,
): FakeAnswer {
  const canonical = CANONICAL[status] ?? { status: 'UNKNOWN', message: 'Unknown error.' };
  return {
    status,
    body: {
      error: {
        code: status,
        message: canonical.message,
        status: canonical.status,
        details: [
          {
            '@type': `type.googleapis.com/google.ads.googleads.${apiVersion}.errors.GoogleAdsFailure`,
            errors: [
              {
                errorCode: { [error.category]: error.reason },
                message: error.message,
                ...(error.location === undefined ? {} : { location: error.location }),
                ...(error.details === undefined ? {} : { details: error.details }),
              },
            ],
            requestId,
          },
        ],
      },
    },
  };
}

/** A plain google.rpc.Status from the front end (no GoogleAdsFailure). */
export function frontEndError(status: number, message?: string, details?: unknown[]): FakeAnswer {
  const canonical = CANONICAL[status] ?? { status: 'UNKNOWN', message: 'Unknown error.' };
  return {
    status,
    body: {
      error: {
        code: status,
        message: message ?? canonical.message,
        status: canonical.status,
        ...(details === undefined ? {} : { details }),
      },
    },
  };
}

/** Unknown JSON fields: the front end's "Cannot find field" answer. */
export function unknownFieldError(name: string): FakeAnswer {
  const description = `Invalid JSON payload received. Unknown name "${name}": Cannot find field.`;
  return frontEndError(400, description, [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ description }] },
  ]);
}

/** Google's 404 for a path it does not serve is an HTML page, not JSON. */
export function notFoundPage(path: string): FakeAnswer {
  return {
    status: 404,
    contentType: 'text/html; charset=UTF-8',
    body: `<!DOCTYPE html><html lang=en><title>Error 404 (Not Found)!!1</title><p>The requested URL <code>${path}</code> was not found on this server.</p></html>`,
  };
}
