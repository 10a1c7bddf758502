import { lookup } from 'node:dns/promises';
import { canonicalAddress, classifyAddress, isIpLiteral, unbracketHost } from './address-policy.js';
import type { HostAllowList } from './allow-list.js';
import { EGRESS_ERROR_CODES, WireFailure, egressConfigError, systemErrorCode } from './egress-errors.js';

/** One address a host name resolved to. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** DNS lookup of every address (A and AAAA) of a host name; injectable so tests control DNS. */
export type EgressResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** A destination the guard accepted, with the addresses the connection is pinned to. */
export interface GuardedTarget {
  readonly url: URL;
  /** Host name without IPv6 brackets: what the Host header and TLS SNI carry. */
  readonly hostname: string;
  readonly port: number;
  /** Checked addresses; the socket may connect to these and nothing else. */
  readonly addresses: readonly ResolvedAddress[];
}

const ALLOWED_PROTOCOLS = new Set(['http:', 'https:']);

/** The system resolver (getaddrinfo: `/etc/hosts` included, so `localhost` resolves as it would). */
export const systemResolver: EgressResolver = async (hostname) => {
  const answers = await lookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

/** Parses a URL and refuses schemes other than http/https and embedded credentials. */
export function parseEgressUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw egressConfigError(EGRESS_ERROR_CODES.urlInvalid, 'The egress URL is not a valid absolute URL');
  }
  if (!ALLOWED_PROTOCOLS.has(url.protocol))
    throw egressConfigError(
      EGRESS_ERROR_CODES.schemeNotAllowed,
      `The egress URL scheme "${url.protocol}" is not allowed (http and https only)`,
      { protocol: url.protocol },
    );
  if (url.username !== '' || url.password !== '')
    throw egressConfigError(
      EGRESS_ERROR_CODES.credentialsInUrl,
      'The egress URL carries credentials; send them in a header instead',
      { host: url.host },
    );
  return url;
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

async function resolveHost(hostname: string, resolve: EgressResolver): Promise<readonly ResolvedAddress[]> {
  let answers: readonly ResolvedAddress[];
  try {
    answers = await resolve(hostname);
  } catch (error) {
    throw new WireFailure(`${EGRESS_ERROR_CODES.dnsFailed}:${systemErrorCode(error)}`, false, error);
  }
  if (answers.length === 0) throw new WireFailure(`${EGRESS_ERROR_CODES.dnsFailed}:NODATA`, false);
  return answers;
}

/**
 * Checks a URL (already through {@link parseEgressUrl}) and resolves its host once. Unless the
 * allow list names the host, every resolved address must be public unicast: one bad address
 * among good ones refuses the request, since the socket could pick any of them.
 */
export async function guardEgressTarget(
  url: URL,
  allowList: HostAllowList,
  resolve: EgressResolver,
): Promise<GuardedTarget> {
  const hostname = unbracketHost(url.hostname);
  const port = effectivePort(url);
  const addresses: readonly ResolvedAddress[] = isIpLiteral(hostname)
    ? [{ address: canonicalAddress(hostname), family: hostname.includes(':') ? 6 : 4 }]
    : await resolveHost(hostname, resolve);
  if (!allowList(hostname, port)) {
    const blocked = addresses
      .map((entry) => ({ verdict: classifyAddress(entry.address) }))
      .find((entry) => !entry.verdict.allowed);
    if (blocked !== undefined)
      throw egressConfigError(
        EGRESS_ERROR_CODES.addressBlocked,
        `Egress to ${url.host} is refused: it resolves to a ${blocked.verdict.range} address. ` +
          'Add the host to STRATUM_EGRESS_ALLOW if it is meant to be reached.',
        // The address itself stays out: tenants' admins read these details, and naming internal
        // addresses would turn the guard into a DNS oracle for the private network.
        { host: url.host, range: blocked.verdict.range },
      );
  }
  return { url, hostname, port, addresses };
}
