import { PluginError } from '../plugin-api/plugin-error.js';
import type { HostAllowList } from './allow-list.js';
import { EGRESS_ERROR_CODES, WireFailure } from './egress-errors.js';
import { exchangeOnce } from './http-exchange.js';
import type { ExchangeAgents, WireRequest, WireResponse } from './http-exchange.js';
import { isFollowableRedirect, planRedirect } from './redirects.js';
import { guardEgressTarget } from './url-guard.js';
import type { EgressResolver } from './url-guard.js';

/** What one attempt needs of the client. */
export interface AttemptRuntime {
  readonly limits: { readonly maxRedirects: number; readonly maxResponseBytes: number };
  readonly allowList: HostAllowList;
  readonly resolve: EgressResolver;
  readonly agents: ExchangeAgents;
}

/** How an attempt ended when it did not throw: an answer, or a network failure or timeout. */
export type AttemptOutcome =
  | { readonly kind: 'response'; readonly response: WireResponse }
  | { readonly kind: 'failure'; readonly failure: WireFailure; readonly timedOut: boolean };

/** Sends one attempt, following redirects; every hop goes through the guard again. */
async function runAttempt(
  runtime: AttemptRuntime,
  first: WireRequest,
  signal: AbortSignal,
): Promise<WireResponse> {
  const { limits } = runtime;
  const skipBody = (status: number, headers: Readonly<Record<string, string>>): boolean =>
    isFollowableRedirect(status, headers.location);
  let current = first;
  for (let hop = 0; ; hop += 1) {
    const target = await abortable(
      guardEgressTarget(current.url, runtime.allowList, runtime.resolve),
      signal,
    );
    const response = await exchangeOnce(current, target, {
      agents: runtime.agents,
      signal,
      maxResponseBytes: limits.maxResponseBytes,
      skipBody,
    });
    const location = response.headers.location;
    if (location === undefined || !isFollowableRedirect(response.status, location)) return response;
    if (hop >= limits.maxRedirects)
      throw new PluginError('system', `More than ${limits.maxRedirects} redirects from ${first.url.host}`, {
        code: EGRESS_ERROR_CODES.tooManyRedirects,
        source: 'downstream',
        details: { host: first.url.host, maxRedirects: limits.maxRedirects },
      });
    current = planRedirect(current, response.status, location);
  }
}

/** Races a promise that cannot be cancelled (DNS) against the attempt's signal. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new WireFailure('ABORTED', false, signal.reason));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new WireFailure('ABORTED', false, signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * One attempt under its own timeout. A caller's abort ends everything at once: its reason is
 * rethrown as is (the `AbortError` DOMException unless the caller gave another), like `fetch`.
 */
export async function attemptOnce(
  runtime: AttemptRuntime,
  wire: WireRequest,
  timeoutMs: number,
  callerSignal: AbortSignal | undefined,
): Promise<AttemptOutcome> {
  callerSignal?.throwIfAborted();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new WireFailure(EGRESS_ERROR_CODES.timeout, false));
  }, timeoutMs);
  const onCallerAbort = (): void => controller.abort(callerSignal?.reason);
  callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
  try {
    return { kind: 'response', response: await runAttempt(runtime, wire, controller.signal) };
  } catch (error) {
    callerSignal?.throwIfAborted();
    if (error instanceof WireFailure) return { kind: 'failure', failure: error, timedOut };
    throw error;
  } finally {
    clearTimeout(timer);
    callerSignal?.removeEventListener('abort', onCallerAbort);
  }
}
