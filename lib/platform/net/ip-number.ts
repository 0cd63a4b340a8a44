import { canonicalIp } from '@/lib/platform/net';

/** An address as numbers for range tables: IPv4 as one uint32, IPv6 as two uint64 halves. */
export type TIpNumber = { v: 4; n: number } | { v: 6; hi: bigint; lo: bigint };

const MASK64 = (1n << 64n) - 1n;

/** Null when the text is not an address. IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as IPv4. */
export function ipToNumber(text: string): TIpNumber | null {
  const ip = canonicalIp(text.trim());
  if (!ip) return null;
  const mapped = ip.startsWith('::ffff:') && ip.indexOf('.') !== -1 ? ip.slice(7) : null;
  if (ip.indexOf(':') === -1 || mapped) {
    const parts = (mapped ?? ip).split('.').map(Number);
    return { v: 4, n: ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3] };
  }
  const value = ipv6ToBigInt(ip);
  return { v: 6, hi: value >> 64n, lo: value & MASK64 };
}

/** A canonical IPv6 text (as canonicalIp returns it, without an IPv4 tail) as a 128-bit integer. */
export function ipv6ToBigInt(canonical: string): bigint {
  const [head, tail] = canonical.split('::');
  const h = head ? head.split(':') : [];
  const t = tail === undefined ? [] : tail ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(Number.parseInt(g, 16));
  return value;
}

/** Address family of a text address, or null. */
export function ipFamily(text: string): 4 | 6 | null {
  return ipToNumber(text)?.v ?? null;
}

/** The in-addr.arpa / ip6.arpa name whose PTR record names an address, or null. */
export function reverseName(text: string): string | null {
  const num = ipToNumber(text);
  if (!num) return null;
  if (num.v === 4) return `${[num.n & 255, (num.n >>> 8) & 255, (num.n >>> 16) & 255, num.n >>> 24].join('.')}.in-addr.arpa`;
  const hex = ((num.hi << 64n) | num.lo).toString(16).padStart(32, '0');
  return `${[...hex].reverse().join('.')}.ip6.arpa`;
}

const V4_SPECIAL: [number, number][] = [
  [0x00000000, 8], // "this network"
  [0x0a000000, 8], // private
  [0x64400000, 10], // carrier-grade NAT
  [0x7f000000, 8], // loopback
  [0xa9fe0000, 16], // link-local
  [0xac100000, 12], // private
  [0xc0000000, 24], // IETF protocol assignments
  [0xc0000200, 24], // TEST-NET-1
  [0xc0a80000, 16], // private
  [0xc6120000, 15], // benchmarking
  [0xc6336400, 24], // TEST-NET-2
  [0xcb007100, 24], // TEST-NET-3
  [0xe0000000, 3], // multicast, reserved, broadcast
];

/**
 * False for private, loopback, link-local, documentation, multicast and reserved addresses:
 * no AS, country or public PTR to look up (the country data even has bogus rows for some).
 */
export function isPublicAddress(text: string): boolean {
  const num = ipToNumber(text);
  if (!num) return false;
  if (num.v === 4) return !V4_SPECIAL.some(([net, bits]) => num.n >>> (32 - bits) === net >>> (32 - bits));
  const top16 = Number(num.hi >> 48n);
  if (num.hi === 0n) return false; // ::/64: unspecified, loopback, IPv4-compatible
  if ((top16 & 0xe000) !== 0x2000) return false; // only 2000::/3 is global unicast
  if (top16 === 0x2001 && Number((num.hi >> 32n) & 0xffffn) === 0x0db8) return false; // documentation
  return true;
}
