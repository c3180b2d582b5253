import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { classifyAddress, type AddressClass } from '../net/ip-ranges';

/** Where calls to URLs that someone typed in (a partner's referral URL, later a merchant's webhook
 * endpoint) may go. Plumbing only: which URLs are typed in, and what they carry, is the caller's. */

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface OutboundPolicy {
  /** Production: https only, and only public addresses, written or resolved. Otherwise (development,
   * tests) any https URL, and plain http to this machine. The unspecified address never. */
  publicOnly: boolean;
  resolve: HostResolver;
}

/** The system resolver (getaddrinfo, as a connection would use): every address, as it answers. */
export const systemResolver: HostResolver = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

export function outboundPolicy(opts: { publicOnly: boolean; resolve?: HostResolver | undefined }): OutboundPolicy {
  return { publicOnly: opts.publicOnly, resolve: opts.resolve ?? systemResolver };
}

/** A URL, or an address it resolved to, that the policy does not let us call. The message names
 * the host and address, never anything sent. */
export class OutboundRefused extends Error {
  override readonly name = 'OutboundRefused';
}

/** A URL that was checked, with every address its host resolved to at the check: a connection
 * goes to these addresses only. */
export interface OutboundTarget {
  url: URL;
  addresses: ResolvedAddress[];
}

/** Names that only mean something inside a network: single labels (completed by the resolver's
 * search domains), special-use suffixes, and the clouds' metadata services. Each of these also
 * resolves to an internal address where it resolves at all; refusing the name as well keeps a
 * resolver that answers otherwise out of the question. */
const METADATA_NAMES = new Set(['metadata', 'metadata.goog', 'metadata.google.internal', 'instance-data', 'instance-data.ec2.internal']);
const LOCAL_SUFFIXES = ['localhost', 'local', 'localdomain', 'internal', 'home.arpa'];

/** The host as a connection sees it: IPv6 without brackets, no trailing dot. The WHATWG parser
 * has already turned decimal, hex, octal and short IPv4 forms into dotted quads. */
const hostOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

/** Why the URL may not be called, judged without the network; undefined when nothing is wrong. */
export function outboundUrlProblem(url: URL, policy: OutboundPolicy): string | undefined {
  if (url.username || url.password) return 'No user name or password in the URL.';
  const host = hostOf(url);
  const literal = isIP(host) !== 0;
  const loopback = literal ? classifyAddress(host) === 'loopback' : host === 'localhost';
  const plainHttpAllowed = !policy.publicOnly && loopback;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainHttpAllowed)) {
    return policy.publicOnly ? 'Use https://.' : 'Use https:// (http:// only for localhost).';
  }
  if (literal) {
    const refused = addressProblem(host, policy);
    return refused && `${host} is ${refused}.`;
  }
  return policy.publicOnly ? nameProblem(host) : undefined;
}

function nameProblem(host: string): string | undefined {
  if (METADATA_NAMES.has(host)) return `${host} is a cloud metadata service.`;
  if (!host.includes('.')) return `${host} is not a fully qualified host name.`;
  if (LOCAL_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`))) return `${host} is a name for inside a network.`;
  return undefined;
}

const REFUSED: Record<Exclude<AddressClass, 'public'>, string> = {
  unspecified: 'the unspecified address, which reaches this machine',
  loopback: 'a loopback address; only public addresses are called',
  internal: 'an internal address (private, link-local, shared, multicast or reserved); only public addresses are called',
};

/** What is wrong with calling this address, as a phrase ("a loopback address; ..."), if anything. */
function addressProblem(address: string, policy: OutboundPolicy): string | undefined {
  const kind = classifyAddress(address);
  if (kind === 'public' || (kind !== 'unspecified' && !policy.publicOnly)) return undefined;
  return REFUSED[kind];
}

/**
 * Checks the URL, resolves its host and checks every address it resolves to: one internal answer
 * refuses the whole name (a rebinding name often answers a public and an internal address). Throws
 * OutboundRefused, or the resolver's own error (ENOTFOUND, EAI_AGAIN, ...).
 */
export async function resolveOutbound(url: URL, policy: OutboundPolicy): Promise<OutboundTarget> {
  const problem = outboundUrlProblem(url, policy);
  if (problem) throw new OutboundRefused(problem);
  const host = hostOf(url);
  const family = isIP(host);
  if (family !== 0) return { url, addresses: [{ address: host, family: family === 6 ? 6 : 4 }] };
  const addresses = await policy.resolve(host);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
  for (const { address } of addresses) {
    const refused = addressProblem(address, policy);
    if (refused) throw new OutboundRefused(`${host} resolves to ${address}, ${refused}.`);
  }
  return { url, addresses };
}

/** The resolver told us the name does not exist (as opposed to: it could not answer now). */
export function isUnknownHost(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ENOTFOUND' || code === 'ENODATA';
}
