import { canonicalIp, ipToNumber, ipv6ToBigInt } from '@/lib/platform/net';

/** A CIDR range as inclusive numeric bounds, for the few hundred published service prefixes. */
export type TCidr = { v: 4; from: number; to: number } | { v: 6; from: bigint; to: bigint };

export function parseCidr(text: string): TCidr {
  const [addr, bitsText] = text.split('/');
  const bits = Number(bitsText);
  const ip = canonicalIp(addr);
  if (!ip) throw new Error(`invalid CIDR ${text}`);
  if (!ip.includes(':')) {
    if (!(bits >= 0 && bits <= 32)) throw new Error(`invalid CIDR ${text}`);
    const n = (ipToNumber(ip) as { n: number }).n;
    const size = 2 ** (32 - bits);
    const from = n - (n % size);
    return { v: 4, from, to: from + size - 1 };
  }
  if (!(bits >= 0 && bits <= 128)) throw new Error(`invalid CIDR ${text}`);
  const n = ipv6ToBigInt(ip);
  const hostBits = BigInt(128 - bits);
  const from = (n >> hostBits) << hostBits;
  return { v: 6, from, to: from + (1n << hostBits) - 1n };
}

export function cidrContains(cidr: TCidr, ip: string): boolean {
  const num = ipToNumber(ip);
  if (!num || num.v !== cidr.v) return false;
  if (num.v === 4 && cidr.v === 4) return num.n >= cidr.from && num.n <= cidr.to;
  if (num.v === 6 && cidr.v === 6) {
    const value = (num.hi << 64n) | num.lo;
    return value >= cidr.from && value <= cidr.to;
  }
  return false;
}
