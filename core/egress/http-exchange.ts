import http from 'node:http';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage } from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import type { EgressRequest } from '../plugin-api/context.js';
import { PluginError } from '../plugin-api/plugin-error.js';
import { canonicalAddress } from './address-policy.js';
import {
  EGRESS_ERROR_CODES,
  WireFailure,
  egressConfigError,
  isTlsErrorCode,
  systemErrorCode,
} from './egress-errors.js';
import type { GuardedTarget, ResolvedAddress } from './url-guard.js';

/** One hop's request, headers in lower case, body already encoded. */
export interface WireRequest {
  readonly method: EgressRequest['method'];
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

/** One hop's answer; `body` is empty when it was skipped (a redirect being followed). */
export interface WireResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The peer address the socket was connected to. */
  readonly address: string | undefined;
}

/** Connection pools of one client; a pooled socket only ever connected to a checked address. */
export interface ExchangeAgents {
  readonly http: http.Agent;
  readonly https: https.Agent;
}

export interface ExchangeOptions {
  readonly agents: ExchangeAgents;
  /** Aborts the exchange (per-attempt timeout combined with the caller's signal). */
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
  /** When true for an answer, its body is not read and the connection is dropped. */
  readonly skipBody: (status: number, headers: Readonly<Record<string, string>>) => boolean;
}

function familyOf(option: number | 'IPv4' | 'IPv6' | undefined): 0 | 4 | 6 {
  if (option === 4 || option === 'IPv4') return 4;
  if (option === 6 || option === 'IPv6') return 6;
  return 0;
}

/**
 * A `lookup` that answers with the addresses the guard checked, never asking DNS again: a name
 * that re-resolves to a private address between check and connect (DNS rebinding) changes nothing.
 */
export function pinnedLookup(addresses: readonly ResolvedAddress[]): LookupFunction {
  return (hostname, options, callback) => {
    const family = familyOf(options.family);
    const candidates = family === 0 ? addresses : addresses.filter((entry) => entry.family === family);
    const first = candidates[0];
    if (first === undefined) {
      const error: NodeJS.ErrnoException = new Error(`No checked IPv${family} address for ${hostname}`);
      error.code = 'ENOTFOUND';
      process.nextTick(callback, error, '', undefined);
    } else if (options.all === true) {
      const all = candidates.map((entry) => ({ address: entry.address, family: entry.family }));
      process.nextTick(callback, null, all, undefined);
    } else {
      process.nextTick(callback, null, first.address, first.family);
    }
  };
}

function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function tooLarge(target: GuardedTarget, limit: number): PluginError {
  return new PluginError('system', `The response from ${target.url.host} exceeds ${limit} bytes`, {
    code: EGRESS_ERROR_CODES.responseTooLarge,
    source: 'downstream',
    details: { host: target.url.host, limitBytes: limit },
  });
}

function classifyRequestError(error: Error, requestSent: boolean, target: GuardedTarget): Error {
  if (error instanceof PluginError) return error;
  const code = systemErrorCode(error);
  if (!isTlsErrorCode(code)) return new WireFailure(code, requestSent, error);
  // An untrusted or mismatched certificate is not fixed by retrying; it may also be interception.
  return new PluginError('system', `TLS with ${target.url.host} failed: ${code}`, {
    code: EGRESS_ERROR_CODES.tlsFailed,
    source: 'downstream',
    details: { host: target.url.host, reason: code },
    cause: error,
  });
}

function openRequest(request: WireRequest, target: GuardedTarget, agents: ExchangeAgents): ClientRequest {
  const secure = target.url.protocol === 'https:';
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(request.body.length);
  const options = {
    host: target.hostname,
    port: target.port,
    path: `${target.url.pathname}${target.url.search}`,
    method: request.method,
    headers,
    lookup: pinnedLookup(target.addresses),
  };
  try {
    return secure
      ? https.request({ ...options, agent: agents.https })
      : http.request({ ...options, agent: agents.http });
  } catch (error) {
    // Node refuses e.g. header values with line breaks before anything is sent: a caller bug.
    throw new PluginError('system', `The egress request is malformed: ${systemErrorCode(error)}`, {
      code: EGRESS_ERROR_CODES.requestInvalid,
      cause: error,
    });
  }
}

/**
 * Sends one request over a socket pinned to the guarded addresses and reads the answer with a
 * size cap. Rejects with a `WireFailure` for network trouble and aborts, a `PluginError` otherwise.
 */
export function exchangeOnce(
  request: WireRequest,
  target: GuardedTarget,
  options: ExchangeOptions,
): Promise<WireResponse> {
  return new Promise<WireResponse>((resolve, reject) => {
    const { signal, maxResponseBytes } = options;
    if (signal.aborted) {
      reject(new WireFailure('ABORTED', false, signal.reason));
      return;
    }
    const pinned = new Set(target.addresses.map((entry) => canonicalAddress(entry.address)));
    let clientRequest: ClientRequest | undefined;
    let requestSent = false;
    let address: string | undefined;
    let settled = false;

    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: Error): void => {
      settle(() => reject(error));
      clientRequest?.destroy();
    };
    const onAbort = (): void => fail(new WireFailure('ABORTED', requestSent, signal.reason));

    const onSocket = (socket: Socket): void => {
      if (!socket.connecting) {
        requestSent = true;
        address = socket.remoteAddress;
        return;
      }
      socket.once('connect', () => {
        address = socket.remoteAddress;
        // Belt and braces: the pinned lookup should make this impossible.
        if (address === undefined || !pinned.has(canonicalAddress(address))) {
          fail(
            egressConfigError(EGRESS_ERROR_CODES.addressBlocked, `Egress to ${target.url.host} is refused`),
          );
          return;
        }
        requestSent = true;
      });
    };

    const onResponse = (response: IncomingMessage): void => {
      const status = response.statusCode ?? 0;
      const headers = flattenHeaders(response.headers);
      if (options.skipBody(status, headers)) {
        settle(() => resolve({ status, headers, body: Buffer.alloc(0), address }));
        clientRequest?.destroy();
        return;
      }
      const declared = Number(headers['content-length']);
      if (Number.isFinite(declared) && declared > maxResponseBytes) {
        fail(tooLarge(target, maxResponseBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) fail(tooLarge(target, maxResponseBytes));
        else chunks.push(chunk);
      });
      response.on('end', () =>
        settle(() => resolve({ status, headers, body: Buffer.concat(chunks), address })),
      );
      response.on('error', (error) => fail(new WireFailure(systemErrorCode(error), true, error)));
      response.on('close', () => {
        if (!response.complete) fail(new WireFailure('ECONNRESET', true));
      });
    };

    try {
      clientRequest = openRequest(request, target, options.agents);
    } catch (error) {
      reject(error);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    clientRequest.on('socket', onSocket);
    clientRequest.on('response', onResponse);
    clientRequest.on('error', (error) => fail(classifyRequestError(error, requestSent, target)));
    clientRequest.end(request.body);
  });
}
