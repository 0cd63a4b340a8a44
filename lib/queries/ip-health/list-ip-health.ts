import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

/** One DNSBL's answer for an address, as last checked. */
export interface TIpListing {
  zone: string;
  /** listed | not_listed | error */
  status: string;
  codes: string[];
  meanings: string[];
  txt: string | null;
  error: string | null;
  listedSince: Date | null;
  checkedAt: Date;
  expiresAt: Date;
}

/** The stored sending-IP health of one address: FCrDNS and each list's answer. */
export interface TStoredIpHealth {
  ip: string;
  fcrdns: { status: string; ptr: string | null; names: string[]; error: string | null; checkedAt: Date; expiresAt: Date } | null;
  listings: TIpListing[];
  /** Zones that list the address. */
  listedOn: string[];
}

const MAX_IPS = 5_000;

/**
 * The last FCrDNS and DNSBL results for addresses that sent mail as one of the scope's domains
 * (an address nobody in the scope sent from answers nothing: which addresses another
 * organisation uses is not the caller's business).
 */
export async function listIpHealth(scope: TDomainScope, ips: readonly string[]): Promise<Map<string, TStoredIpHealth>> {
  const wanted = [...new Set(ips)].slice(0, MAX_IPS);
  if (wanted.length === 0 || scope.domainIds.length === 0) return new Map();
  const domainIds = [...scope.domainIds];
  const [listings, fcrdns] = await Promise.all([
    prisma().$queryRaw<Array<{ ip: string; zone: string; status: string; codes: string[]; meanings: string[]; txt: string | null; error: string | null; listed_since: Date | null; checked_at: Date; expires_at: Date }>>`
      SELECT host(l.ip) AS ip, l.zone, l.status, l.codes, l.meanings, l.txt, l.error, l.listed_since, l.checked_at, l.expires_at
        FROM ip_listing l
       WHERE l.ip = ANY(${wanted}::inet[])
         AND EXISTS (SELECT 1 FROM daily_rollup r WHERE r.source_ip = l.ip AND r.domain_id = ANY(${domainIds}::int[]))
       ORDER BY l.ip, l.zone`,
    prisma().$queryRaw<Array<{ ip: string; status: string; ptr: string | null; names: string[]; error: string | null; checked_at: Date; expires_at: Date }>>`
      SELECT host(f.ip) AS ip, f.status, f.ptr, f.names, f.error, f.checked_at, f.expires_at
        FROM ip_fcrdns f
       WHERE f.ip = ANY(${wanted}::inet[])
         AND EXISTS (SELECT 1 FROM daily_rollup r WHERE r.source_ip = f.ip AND r.domain_id = ANY(${domainIds}::int[]))`,
  ]);
  const out = new Map<string, TStoredIpHealth>();
  const entry = (ip: string) => {
    let e = out.get(ip);
    if (!e) out.set(ip, (e = { ip, fcrdns: null, listings: [], listedOn: [] }));
    return e;
  };
  for (const f of fcrdns) entry(f.ip).fcrdns = { status: f.status, ptr: f.ptr, names: f.names, error: f.error, checkedAt: f.checked_at, expiresAt: f.expires_at };
  for (const l of listings) {
    const e = entry(l.ip);
    e.listings.push({ zone: l.zone, status: l.status, codes: l.codes, meanings: l.meanings, txt: l.txt, error: l.error, listedSince: l.listed_since, checkedAt: l.checked_at, expiresAt: l.expires_at });
    if (l.status === 'listed') e.listedOn.push(l.zone);
  }
  return out;
}
