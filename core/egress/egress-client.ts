import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import type { EgressHttpClient, EgressRequest, EgressResponse, PluginLogger } from '../plugin-api/context.js';
import { PluginError } from '../plugin-api/plugin-error.js';
import { createHostAllowList } from './allow-list.js';
import { attemptOnce } from './egress-attempt.js';
import type { AttemptOutcome, AttemptRuntime } from './egress-attempt.js';
import { EGRESS_ERROR_CODES, systemErrorCode } from './egress-errors.js';
import { buildWireRequest, toEgressResponse, transientFailure } from './egress-message.js';
import { egressClientLimitsSchema, parseEgressRequest } from './egress.schemas.js';
import type { EgressClientLimits } from './egress.schemas.js';
import type { WireRequest } from './http-exchange.js';
import {
  decideFailureRetry,
  decideStatusRetry,
  parseRetryAfterMs,
  resolveRetryPolicy,
} from './retry-policy.js';
import type { RetryDecision, RetryPolicy } from './retry-policy.js';
import { systemResolver } from './url-guard.js';
import type { EgressResolver } from './url-guard.js';

/** What the metrics hook learns of each attempt (never headers, bodies or query strings). */
export interface EgressAttemptInfo {
  readonly host: string;
  readonly method: EgressRequest['method'];
  /** The final status of the attempt (after redirects), or null when it failed. */
  readonly status: number | null;
  readonly durationMs: number;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** The peer address the last hop connected to, when it connected. */
  readonly address?: string;
  /** Error code when the attempt failed (`EGRESS_TIMEOUT`, `ECONNREFUSED`, `EGRESS_ADDRESS_BLOCKED`…). */
  readonly error?: string;
}

/** Where egress lines go: the plugin's bound logger, or any logger of that shape. */
export type EgressLogger = Pick<PluginLogger, 'debug' | 'warn'>;

export interface EgressClientOptions {
  /** `STRATUM_EGRESS_ALLOW` entries (`config.egressAllow`): hosts that may resolve to non-public addresses. */
  readonly allow: readonly string[];
  readonly logger?: EgressLogger;
  readonly userAgent?: string;
  /** Per attempt, when the request names none (default 30 s). */
  readonly defaultTimeoutMs?: number;
  /** Response bodies above this fail with `EGRESS_RESPONSE_TOO_LARGE` (default 25 MiB). */
  readonly maxResponseBytes?: number;
  /** Redirect hops followed per attempt (default 5). */
  readonly maxRedirects?: number;
  /** DNS lookup (all A and AAAA answers); the system resolver by default. */
  readonly resolve?: EgressResolver;
  /** Back-off sleep; must reject when the signal aborts. */
  readonly sleep?: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  /** Uniform in [0, 1): the back-off jitter. */
  readonly random?: () => number;
  /** Epoch milliseconds, for `Retry-After` HTTP dates. */
  readonly now?: () => number;
  /** Called after every attempt (metrics); its errors are ignored. */
  readonly onAttempt?: (info: EgressAttemptInfo) => void;
}

/** What a bound view of the client replaces: the log destination and the metrics hook. */
export interface EgressBinding {
  readonly logger?: EgressLogger;
  readonly onAttempt?: (info: EgressAttemptInfo) => void;
}

/** The plugin-facing client, per-plugin views of it, and shutdown of its keep-alive pools. */
export interface EgressClient extends EgressHttpClient {
  /**
   * A view sharing this client's pools, allow list and limits but logging to another logger
   * (the plugin's, bound to plugin and tenant) and reporting to another hook: `ctx.http`.
   */
  bind(binding: EgressBinding): EgressHttpClient;
  /** Closes pooled connections; requests already running finish or fail on their own. */
  close(): void;
}

interface ClientRuntime extends AttemptRuntime {
  readonly limits: EgressClientLimits;
  readonly sleep: (ms: number, signal: AbortSignal | undefined) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  readonly logger: EgressLogger | undefined;
  readonly onAttempt: ((info: EgressAttemptInfo) => void) | undefined;
}

const defaultSleep = async (ms: number, signal: AbortSignal | undefined): Promise<void> => {
  await delay(ms, undefined, signal === undefined ? undefined : { signal });
};
function decideRetry(
  runtime: ClientRuntime,
  method: EgressRequest['method'],
  outcome: AttemptOutcome,
  retryIndex: number,
  policy: RetryPolicy,
): RetryDecision {
  if (outcome.kind === 'failure')
    return decideFailureRetry({
      method,
      requestSent: outcome.failure.requestSent,
      retryIndex,
      policy,
      random: runtime.random,
    });
  const { status, headers } = outcome.response;
  return decideStatusRetry({
    method,
    status,
    retryAfterMs: parseRetryAfterMs(headers['retry-after'], runtime.now()),
    retryIndex,
    policy,
    random: runtime.random,
  });
}

function errorCodeOf(error: unknown): string {
  return error instanceof PluginError ? error.code : systemErrorCode(error);
}

function report(runtime: ClientRuntime, info: EgressAttemptInfo, path: string): void {
  const fields = { ...info, path };
  if (info.error === undefined) runtime.logger?.debug('egress attempt', fields);
  else runtime.logger?.warn('egress attempt failed', fields);
  try {
    runtime.onAttempt?.(info);
  } catch {
    // A metrics hook must never break a request.
  }
}

function attemptInfo(
  wire: WireRequest,
  attempt: number,
  startedAt: number,
  outcome: AttemptOutcome,
): EgressAttemptInfo {
  const base = {
    host: wire.url.host,
    method: wire.method,
    attempt,
    durationMs: Math.round(performance.now() - startedAt),
  };
  if (outcome.kind === 'response') {
    const { status, address } = outcome.response;
    return address === undefined ? { ...base, status } : { ...base, status, address };
  }
  return {
    ...base,
    status: null,
    error: outcome.timedOut ? EGRESS_ERROR_CODES.timeout : outcome.failure.code,
  };
}

async function perform(runtime: ClientRuntime, request: EgressRequest): Promise<EgressResponse> {
  parseEgressRequest(request);
  const wire = buildWireRequest(request, runtime.limits.userAgent);
  const policy = resolveRetryPolicy(request.retry);
  const timeoutMs = request.timeoutMs ?? runtime.limits.defaultTimeoutMs;
  const callerSignal = request.signal;
  for (let attempt = 1; ; attempt += 1) {
    const startedAt = performance.now();
    let outcome: AttemptOutcome;
    try {
      outcome = await attemptOnce(runtime, wire, timeoutMs, callerSignal);
    } catch (error) {
      const durationMs = Math.round(performance.now() - startedAt);
      const info = { host: wire.url.host, method: wire.method, attempt, durationMs, status: null };
      report(runtime, { ...info, error: errorCodeOf(error) }, wire.url.pathname);
      throw error;
    }
    report(runtime, attemptInfo(wire, attempt, startedAt, outcome), wire.url.pathname);
    const decision = decideRetry(runtime, wire.method, outcome, attempt - 1, policy);
    if (!decision.retry) {
      if (outcome.kind === 'response') return toEgressResponse(outcome.response, attempt, wire.url.host);
      throw transientFailure(wire, outcome, attempt);
    }
    try {
      await runtime.sleep(decision.delayMs, callerSignal);
    } catch (error) {
      callerSignal?.throwIfAborted();
      throw error;
    }
  }
}

/**
 * Builds the egress client plugins get as `ctx.http`. One per process is enough (the allow list
 * is global); it keeps keep-alive pools whose sockets only ever connected to checked addresses.
 *
 * Retry rule: GET, PUT and DELETE are retried on network errors, timeouts and the retry statuses;
 * POST and PATCH only on 429/503 carrying `Retry-After`, and on failures before the socket
 * connected (refused connection, DNS failure, connect timeout), so a repeat never acts twice.
 * Caller aborts are not retried: the abort reason is rethrown at once.
 */
export function createEgressClient(options: EgressClientOptions): EgressClient {
  const limits = egressClientLimitsSchema.parse({
    defaultTimeoutMs: options.defaultTimeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    maxRedirects: options.maxRedirects,
    userAgent: options.userAgent,
  });
  const runtime: ClientRuntime = {
    limits,
    allowList: createHostAllowList(options.allow),
    resolve: options.resolve ?? systemResolver,
    agents: {
      http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
      https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
    },
    sleep: options.sleep ?? defaultSleep,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
    logger: options.logger,
    onAttempt: options.onAttempt,
  };
  return {
    request: (request) => perform(runtime, request),
    bind: (binding) => {
      const bound: ClientRuntime = {
        ...runtime,
        logger: binding.logger ?? runtime.logger,
        onAttempt: binding.onAttempt ?? runtime.onAttempt,
      };
      return { request: (request) => perform(bound, request) };
    },
    close: () => {
      runtime.agents.http.destroy();
      runtime.agents.https.destroy();
    },
  };
}
