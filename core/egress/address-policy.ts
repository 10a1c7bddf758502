import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why an address may or may not be reached; `unicast` is the only range that may. */
export interface AddressVerdict {
  readonly allowed: boolean;
  /** ipaddr.js range name (`loopback`, `private`, `linkLocal`, `ipv4Mapped`…), or `invalid`. */
  readonly range: string;
}

// Global unicast space (RFC 4291 §2.4): everything outside 2000::/3 is reserved, local or
// embeds an IPv4 address (IPv4-compatible ::/96, mapped ::ffff:0:0/96) and is refused too.
const IPV6_GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

/** Strips the brackets the WHATWG URL parser keeps around IPv6 host names. */
export function unbracketHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/** Whether a host name is an IP literal (after the URL parser normalised it). */
export function isIpLiteral(hostname: string): boolean {
  return isIP(unbracketHost(hostname)) !== 0;
}

/**
 * Classifies a resolved (or literal) address. Only public unicast is allowed: loopback, private,
 * link-local (cloud metadata at 169.254.169.254), CGNAT, unspecified, multicast, broadcast,
 * reserved, unique-local, and IPv6 forms embedding IPv4 (mapped, NAT64, 6to4, Teredo) are not.
 */
export function classifyAddress(address: string): AddressVerdict {
  const text = unbracketHost(address);
  // Only standard notations: a resolver answering `0x7f.1` or `2130706433` is itself suspect.
  if (isIP(text) === 0) return { allowed: false, range: 'invalid' };
  const parsed = ipaddr.parse(text);
  if (parsed.kind() === 'ipv4') {
    const range = parsed.range();
    return { allowed: range === 'unicast', range };
  }
  const v6 = parsed as ipaddr.IPv6;
  if (v6.zoneId !== undefined) return { allowed: false, range: 'zoned' };
  const range = v6.range();
  if (range !== 'unicast') return { allowed: false, range };
  if (!v6.match(IPV6_GLOBAL_UNICAST)) return { allowed: false, range: 'notGlobalUnicast' };
  return { allowed: true, range };
}

/** Canonical text of an address, so `::ffff:7f00:1` and `::FFFF:127.0.0.1` compare equal. */
export function canonicalAddress(address: string): string {
  const text = unbracketHost(address);
  return isIP(text) === 0 ? text : ipaddr.parse(text).toNormalizedString();
}
