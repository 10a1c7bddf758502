import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { isPluginError } from '../plugin-api/index.js';
import type { CallContext, PluginErrorKind } from '../plugin-api/index.js';
import { scrubSecrets } from './plugin-secrets.js';

/** Default time limits of calls into plugin code, by what the host calls. */
export const DEFAULT_PLUGIN_TIMEOUTS_MS = {
  setup: 10_000,
  check: 15_000,
  /** One capability call: listAccounts, one page of a stream, one campaign action. */
  call: 120_000,
} as const;

export type PluginTimeouts = { readonly [K in keyof typeof DEFAULT_PLUGIN_TIMEOUTS_MS]: number };

/** Why a guarded call failed, safe to store and show an admin (secrets scrubbed). */
export interface CallFailure {
  readonly kind: PluginErrorKind;
  /** `PLUGINS_CALL_TIMEOUT`, `PLUGINS_RESULT_INVALID`, `PLUGINS_CALL_FAILED` or the plugin's own code. */
  readonly code: string;
  readonly message: string;
  readonly retryAfterMs: number | undefined;
}

export type GuardOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly durationMs: number }
  | { readonly ok: false; readonly failure: CallFailure; readonly durationMs: number };

export interface GuardedCall<T> {
  /** What is called, for messages: `check`, `setup`, `listAccounts`… */
  readonly what: string;
  readonly timeoutMs: number;
  readonly run: (ctx: CallContext) => T | Promise<T>;
  /** Validates what the host consumes; a mismatch is a failure ("returned an invalid result"). */
  readonly validate?: z.ZodType<T>;
  /** The caller's own signal (job cancelled, shutdown): aborts the call too. */
  readonly signal?: AbortSignal;
  readonly runId?: string;
  /** Values never to repeat in a message (the installation's decrypted secrets). */
  readonly secrets?: readonly string[];
  /** Failures are logged here at warn (message scrubbed). */
  readonly logger?: Logger;
}

const TIMED_OUT = Symbol('timed out');
const ABORTED = Symbol('aborted');

function failureOf(error: unknown, what: string, secrets: readonly string[]): CallFailure {
  if (isPluginError(error)) {
    return {
      kind: error.kind,
      code: error.code,
      message: scrubSecrets(error.message, secrets),
      retryAfterMs: error.retryAfterMs,
    };
  }
  // Anything else is a bug in the plugin; its message may hold anything, so it is not repeated.
  const name = error instanceof Error ? error.name : typeof error;
  return {
    kind: 'system',
    code: 'PLUGINS_CALL_FAILED',
    message: `${what} failed with an unexpected error (${name})`,
    retryAfterMs: undefined,
  };
}

/**
 * Runs one call into plugin code so that nothing it does can hurt the host: a throw or a
 * rejection becomes a failure value, a result the host consumes is validated, and the call
 * returns at its time limit even if the plugin never settles (its signal is aborted so
 * well-behaved code stops; a late settlement is ignored).
 */
export async function guardPluginCall<T>(call: GuardedCall<T>): Promise<GuardOutcome<T>> {
  const started = performance.now();
  const secrets = call.secrets ?? [];
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let onParentAbort: (() => void) | undefined;
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (failure: CallFailure): GuardOutcome<T> => {
    call.logger?.warn(
      { pluginCall: call.what, code: failure.code, kind: failure.kind, runId: call.runId },
      failure.message,
    );
    return { ok: false, failure, durationMs: elapsed() };
  };
  try {
    const running = Promise.resolve().then(() =>
      call.run({ signal: controller.signal, ...(call.runId === undefined ? {} : { runId: call.runId }) }),
    );
    running.catch(() => undefined);
    const limits = new Promise<typeof TIMED_OUT | typeof ABORTED>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), call.timeoutMs);
      if (call.signal !== undefined) {
        onParentAbort = () => resolve(ABORTED);
        if (call.signal.aborted) onParentAbort();
        else call.signal.addEventListener('abort', onParentAbort, { once: true });
      }
    });
    const settled = await Promise.race([running, limits]);
    if (settled === TIMED_OUT || settled === ABORTED) {
      controller.abort(settled === TIMED_OUT ? 'timeout' : 'aborted');
      return fail(
        settled === TIMED_OUT
          ? {
              kind: 'transient',
              code: 'PLUGINS_CALL_TIMEOUT',
              message: `${call.what} did not answer within ${call.timeoutMs} ms`,
              retryAfterMs: undefined,
            }
          : {
              kind: 'transient',
              code: 'PLUGINS_CALL_ABORTED',
              message: `${call.what} was cancelled`,
              retryAfterMs: undefined,
            },
      );
    }
    if (call.validate === undefined) return { ok: true, value: settled, durationMs: elapsed() };
    const parsed = call.validate.safeParse(settled);
    if (parsed.success) return { ok: true, value: parsed.data, durationMs: elapsed() };
    return fail({
      kind: 'system',
      code: 'PLUGINS_RESULT_INVALID',
      message: `${call.what} returned an invalid result`,
      retryAfterMs: undefined,
    });
  } catch (error) {
    return fail(failureOf(error, call.what, secrets));
  } finally {
    clearTimeout(timer);
    if (onParentAbort !== undefined) call.signal?.removeEventListener('abort', onParentAbort);
  }
}
