import { canonicalIp, ipFamily, normaliseHost, reverseName } from '@/lib/platform/net';
import { classifyDnsError, type TDnsFailure, type TResolver } from '@/lib/platform/dns';

export interface TReverseDns {
  status: 'ok' | TDnsFailure;
  /** The PTR name kept: the first forward-confirmed one, else the first one. */
  ptr: string | null;
  names: string[];
  /** The PTR name resolves (A/AAAA) back to the address: forward-confirmed reverse DNS. */
  confirmed: boolean;
  error: string | null;
}

const MAX_NAMES_CONFIRMED = 3;

/** PTR lookup plus forward confirmation of up to three of the names returned. */
export async function reverseDns(resolver: TResolver, ip: string): Promise<TReverseDns> {
  let names: string[];
  const arpa = reverseName(ip);
  if (!arpa) return { status: 'error', ptr: null, names: [], confirmed: false, error: `not an address: ${ip}` };
  try {
    // resolvePtr, not reverse(): c-ares' reverse lookup reports a timeout as ENOTFOUND.
    names = [...new Set((await resolver.resolvePtr(arpa)).map(normaliseHost).filter(Boolean))];
  } catch (error) {
    const failure = classifyDnsError(error);
    return { status: failure.status, ptr: null, names: [], confirmed: false, error: failure.message };
  }
  if (names.length === 0) return { status: 'nodata', ptr: null, names, confirmed: false, error: null };
  const family = ipFamily(ip);
  const want = canonicalIp(ip);
  for (const name of names.slice(0, MAX_NAMES_CONFIRMED)) {
    try {
      const addresses = family === 6 ? await resolver.resolve6(name) : await resolver.resolve4(name);
      if (addresses.some((a) => canonicalIp(a) === want)) return { status: 'ok', ptr: name, names, confirmed: true, error: null };
    } catch {
      // An unresolvable PTR name only means "not confirmed"; the PTR itself was answered.
    }
  }
  return { status: 'ok', ptr: names[0], names, confirmed: false, error: null };
}
