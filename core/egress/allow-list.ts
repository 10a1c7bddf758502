/**
 * Matches a request's host against `STRATUM_EGRESS_ALLOW` entries: `api.example.com` (any port),
 * `api.example.com:8443` (that port only), `*.example.com` (any subdomain at any depth, not the
 * apex itself; a port may follow). Names compare case-insensitively, a trailing dot ignored.
 */
export type HostAllowList = (hostname: string, port: number) => boolean;

interface AllowEntry {
  readonly host: string;
  readonly wildcard: boolean;
  readonly port: number | undefined;
}

const ENTRY_PATTERN = /^(\*\.)?([^:*]+?)\.?(?::(\d{1,5}))?$/;

function normaliseName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

function parseEntry(raw: string): AllowEntry {
  const match = ENTRY_PATTERN.exec(raw.trim().toLowerCase());
  const host = match?.[2];
  const port = match?.[3] === undefined ? undefined : Number(match[3]);
  if (match === null || host === undefined || host === '' || (port !== undefined && port > 65535))
    throw new TypeError(`Egress allow-list entry "${raw}" is not host, host:port or *.suffix`);
  return { host, wildcard: match[1] !== undefined, port };
}

function entryMatches(entry: AllowEntry, hostname: string, port: number): boolean {
  if (entry.port !== undefined && entry.port !== port) return false;
  return entry.wildcard ? hostname.endsWith(`.${entry.host}`) : hostname === entry.host;
}

/** Builds the matcher once; a malformed entry throws at startup, never at request time. */
export function createHostAllowList(entries: readonly string[]): HostAllowList {
  const parsed = entries.map(parseEntry);
  return (hostname, port) => {
    const name = normaliseName(hostname);
    return parsed.some((entry) => entryMatches(entry, name, port));
  };
}
