import { normaliseHost } from '@/lib/platform/net';
import { CATALOGUE } from '@/lib/sources/catalogue';
import { cidrContains, parseCidr, type TCidr } from './cidr';
import type { TSenderService, TServiceType } from './types';

export type TMatchSignal = 'prefix' | 'ptr' | 'asn' | 'as-name' | 'domain';

export interface TServiceMatch {
  service: TSenderService;
  by: TMatchSignal;
}

interface TIndex {
  domains: Map<string, TSenderService>;
  spf: Map<string, TSenderService>;
  asns: Map<number, TSenderService>;
  prefixes: { cidr: TCidr; size: number; service: TSenderService }[];
}

let index: TIndex | null = null;

function buildIndex(catalogue: readonly TSenderService[]): TIndex {
  const domains = new Map<string, TSenderService>();
  const spf = new Map<string, TSenderService>();
  const asns = new Map<number, TSenderService>();
  const prefixes: TIndex['prefixes'] = [];
  // First entry wins on a clash; tests/unit/senders/catalogue.test.ts keeps clashes out.
  for (const s of catalogue) {
    for (const d of s.domains) if (!domains.has(d)) domains.set(d, s);
    for (const d of s.spf) if (!spf.has(d)) spf.set(d, s);
    for (const a of s.asns) if (!asns.has(a)) asns.set(a, s);
    for (const p of s.prefixes) {
      const cidr = parseCidr(p);
      const size = cidr.v === 4 ? cidr.to - cidr.from : Number(cidr.to - cidr.from);
      prefixes.push({ cidr, size, service: s });
    }
  }
  // Most specific range first, so a service's published block beats a wider one.
  prefixes.sort((a, b) => a.size - b.size);
  return { domains, spf, asns, prefixes };
}

function getIndex(): TIndex {
  index ??= buildIndex(CATALOGUE);
  return index;
}

/**
 * The service a host name belongs to: the name itself or its closest listed parent
 * (bounce.salesforce.com → salesforce.com; mo1.mail-out.ovh.net → OVHcloud Email rather than
 * the OVHcloud network listed for ovh.net).
 */
export function matchDomain(name: string | null | undefined): TSenderService | null {
  if (!name) return null;
  const labels = normaliseHost(name).split('.');
  const { domains } = getIndex();
  for (let i = 0; i <= labels.length - 2; i++) {
    const hit = domains.get(labels.slice(i).join('.'));
    if (hit) return hit;
  }
  return null;
}

/** The service whose SPF include this is (exact include name first, then by its domain). */
export function matchSpfInclude(include: string): TSenderService | null {
  const name = normaliseHost(include);
  return getIndex().spf.get(name) ?? matchDomain(name);
}

export function matchAsn(asn: number | null | undefined): TSenderService | null {
  return asn ? (getIndex().asns.get(asn) ?? null) : null;
}

export function matchPrefix(ip: string): TSenderService | null {
  for (const p of getIndex().prefixes) if (cidrContains(p.cidr, ip)) return p.service;
  return null;
}

/**
 * The service named by an address alone: a published prefix, then a forward-confirmed PTR,
 * then the ASN. An unconfirmed PTR is ignored: whoever holds an address sets its PTR.
 */
export function matchAddress(input: { ip: string; asn: number | null; ptr: string | null; ptrConfirmed: boolean }): TServiceMatch | null {
  const prefix = matchPrefix(input.ip);
  if (prefix) return { service: prefix, by: 'prefix' };
  if (input.ptr && input.ptrConfirmed) {
    const byPtr = matchDomain(input.ptr);
    if (byPtr) return { service: byPtr, by: 'ptr' };
  }
  const byAsn = matchAsn(input.asn);
  return byAsn ? { service: byAsn, by: 'asn' } : null;
}

const HOSTING_WORDS = /\b(host(ing)?|hoster|server[s]?|cloud|data ?cent(er|re)|datacenter|vps|colo(cation)?|dedicated|compute|web ?services|hosting)\b/i;
const ISP_WORDS = /\b(telecom(munications?)?|telekom(unikasyon)?|telefonica|broadband|cable|communications?|mobile|wireless|fibra|fiber|fibre|telecomunica[cç][oõ]es|internet service|isp|dsl|adsl)\b/i;

/**
 * For networks the catalogue does not list: a type guessed from the AS name, so the sender
 * map can say "hosting" or "access network" for the long tail. A guess, labelled as such.
 */
export function networkTypeFromAsName(name: string | null | undefined): Extract<TServiceType, 'hosting' | 'isp'> | null {
  if (!name) return null;
  if (HOSTING_WORDS.test(name)) return 'hosting';
  if (ISP_WORDS.test(name)) return 'isp';
  return null;
}
