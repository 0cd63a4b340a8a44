import { canonicalIp } from '@/lib/reports/ip';

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
