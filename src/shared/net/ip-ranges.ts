import { BlockList, isIPv4, isIPv6 } from 'node:net';

/** What an address is, for deciding whether an outbound call may go there. `unspecified` (0.0.0.0,
 * ::) is kept apart: it names no host, and connecting to it reaches this machine. */
export type AddressClass = 'public' | 'loopback' | 'unspecified' | 'internal';

function subnets(family: 'ipv4' | 'ipv6', list: Array<[string, number]>): BlockList {
  const blocks = new BlockList();
  for (const [network, prefix] of list) blocks.addSubnet(network, prefix, family);
  return blocks;
}

const UNSPECIFIED_V4 = subnets('ipv4', [['0.0.0.0', 8]]);
const LOOPBACK_V4 = subnets('ipv4', [['127.0.0.0', 8]]);
/** IANA's IPv4 special-purpose ranges that are not the public internet. */
const INTERNAL_V4 = subnets('ipv4', [
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598); Alibaba Cloud's metadata service is 100.100.100.200
  ['169.254.0.0', 16], // link-local; the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments; Oracle Cloud's metadata service is 192.0.0.192
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast, deprecated
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
]);
/** Every public IPv6 address is global unicast; the rest (unique-local fc00::/7, link-local
 * fe80::/10, multicast ff00::/8, ...) is internal. */
const GLOBAL_UNICAST_V6 = subnets('ipv6', [['2000::', 3]]);
const INTERNAL_GLOBAL_V6 = subnets('ipv6', [
  ['2001::', 32], // Teredo: tunnels to an IPv4 address hidden in the bits
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], // ORCHID, deprecated
  ['2001:20::', 28], // ORCHIDv2
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
]);

export function classifyAddress(address: string): AddressClass {
  if (isIPv4(address)) return classifyV4(address);
  const groups = ipv6Groups(address);
  if (!groups) return 'internal';
  if (groups.every((g) => g === 0)) return 'unspecified';
  if (groups.slice(0, 7).every((g) => g === 0) && groups[7] === 1) return 'loopback';
  const embedded = embeddedV4(groups);
  if (embedded !== undefined) return classifyV4(embedded);
  const canonical = groups.map((g) => g.toString(16)).join(':');
  if (!GLOBAL_UNICAST_V6.check(canonical, 'ipv6')) return 'internal';
  return INTERNAL_GLOBAL_V6.check(canonical, 'ipv6') ? 'internal' : 'public';
}

function classifyV4(address: string): AddressClass {
  if (UNSPECIFIED_V4.check(address, 'ipv4')) return 'unspecified';
  if (LOOPBACK_V4.check(address, 'ipv4')) return 'loopback';
  return INTERNAL_V4.check(address, 'ipv4') ? 'internal' : 'public';
}

/** IPv6 forms that carry an IPv4 address are judged by that address: ::ffff:127.0.0.1 is loopback,
 * and so is the NAT64 or 6to4 form of 10.0.0.1 private. */
function embeddedV4(g: number[]): string | undefined {
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (zeros(0, 5) && (g[5] === 0 || g[5] === 0xffff)) return v4(g[6]!, g[7]!); // compatible ::a.b.c.d, mapped ::ffff:a.b.c.d
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return v4(g[6]!, g[7]!); // translated ::ffff:0:a.b.c.d (SIIT)
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return v4(g[6]!, g[7]!); // NAT64 64:ff9b::a.b.c.d
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!); // 6to4 2002:aabb:ccdd::
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (brackets allowed), or undefined when it is not one.
 * An address with a zone (fe80::1%eth0) is link-local by nature: undefined too. */
function ipv6Groups(address: string): number[] | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  if (!isIPv6(bare) || bare.includes('%')) return undefined;
  // The WHATWG serialiser writes hex groups only (an embedded a.b.c.d becomes two groups) with at most one `::`.
  const canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((h) => parseInt(h, 16)) : []);
  const front = part(head);
  const back = part(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
