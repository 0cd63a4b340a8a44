import { reverseName } from '@/lib/platform/net';
import { classifyDnsError, type TResolver } from '@/lib/platform/dns';
import { meaningOf } from './return-codes';
import { withTimeout } from './with-timeout';

export interface TDnsblResult {
  zone: string;
  /** listed, not listed, or the lookup did not give an answer to trust (refused, timeout, SERVFAIL). */
  status: 'listed' | 'not_listed' | 'error';
  /** The A answers, e.g. ["127.0.0.2", "127.0.0.4"]. */
  codes: string[];
  /** What the codes mean for this list. */
  meanings: string[];
  /** The list's TXT explanation (often a removal URL), for listed addresses. */
  txt: string | null;
  error: string | null;
}

const MAX_TXT_CHARS = 300;
const MAX_ANSWERS = 16;

/**
 * The name to query: the address's octets (IPv4) or nibbles (IPv6) reversed, under the zone —
 * 192.0.2.1 in zen.spamhaus.org is 1.2.0.192.zen.spamhaus.org.
 */
export function dnsblQueryName(ip: string, zone: string): string | null {
  const arpa = reverseName(ip);
  if (!arpa) return null;
  return `${arpa.replace(/\.(in-addr|ip6)\.arpa$/, '')}.${zone}`;
}

/** One DNSBL lookup: A for the listing codes, then TXT for the reason when listed. */
export async function lookupDnsbl(resolver: TResolver, ip: string, zone: string, timeoutMs: number): Promise<TDnsblResult> {
  const base = { zone, codes: [] as string[], meanings: [] as string[], txt: null };
  const name = dnsblQueryName(ip, zone);
  if (!name) return { ...base, status: 'error', error: `not an IP address: ${ip.slice(0, 60)}` };
  let answers: string[];
  try {
    answers = (await withTimeout(resolver.resolve4(name), timeoutMs, `DNSBL lookup ${name}`)).slice(0, MAX_ANSWERS);
  } catch (error) {
    const failure = classifyDnsError(error);
    // NXDOMAIN (or NODATA) is how a list says "not listed".
    if (failure.status === 'nxdomain' || failure.status === 'nodata') return { ...base, status: 'not_listed', error: null };
    return { ...base, status: 'error', error: failure.message };
  }
  if (answers.length === 0) return { ...base, status: 'not_listed', error: null };
  const decoded = answers.map((a) => ({ answer: a, ...meaningOf(zone, a) }));
  const errors = decoded.filter((d) => d.kind === 'error');
  if (errors.length > 0) {
    // A refusal says nothing about the address: report it, never as a listing.
    return { ...base, codes: answers, meanings: errors.map((e) => e.meaning), status: 'error', error: errors[0].meaning };
  }
  let txt: string | null = null;
  try {
    const records = await withTimeout(resolver.resolveTxt(name), timeoutMs, `DNSBL TXT ${name}`);
    txt = records.map((chunks) => chunks.join('')).join(' ').slice(0, MAX_TXT_CHARS) || null;
  } catch {
    // The reason text is optional; the A answer already decided the listing.
  }
  return { zone, status: 'listed', codes: answers, meanings: decoded.map((d) => d.meaning), txt, error: null };
}
