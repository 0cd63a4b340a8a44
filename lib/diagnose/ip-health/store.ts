import { prisma } from '@/lib/platform/db';
import type { TIpHealth } from './check-ip-health';

/** An address of an authorised source of a domain: whom a listing of it concerns. */
export interface TIpOwner {
  domainId: number;
  sourceKey: string;
}

export interface TListingChange {
  ip: string;
  zone: string;
  kind: 'listed' | 'delisted';
  codes: string[];
  meanings: string[];
  txt: string | null;
}

/**
 * Of `ips`, those whose FCrDNS or any configured zone's answer is missing or expired (all of
 * them when `force`). Also forgets answers of zones no longer configured.
 */
export async function dueAddresses(ips: readonly string[], zones: readonly string[], now: Date, force = false): Promise<string[]> {
  const db = prisma();
  await db.$executeRaw`DELETE FROM ip_listing WHERE NOT (zone = ANY(${[...zones]}::text[]))`;
  if (force || ips.length === 0) return [...ips];
  const fresh = await db.$queryRaw<Array<{ ip: string }>>`
    SELECT host(f.ip) AS ip FROM ip_fcrdns f
     WHERE f.ip = ANY(${[...ips]}::inet[]) AND f.expires_at > ${now}
       AND (SELECT count(*) FROM ip_listing l WHERE l.ip = f.ip AND l.zone = ANY(${[...zones]}::text[]) AND l.expires_at > ${now}) = ${zones.length}`;
  const skip = new Set(fresh.map((r) => r.ip));
  return ips.filter((ip) => !skip.has(ip));
}

/**
 * Stores a batch of results and returns the listing changes it revealed: an address newly on a
 * list (including the first check that finds it listed) or off it. A failed lookup changes
 * nothing it does not know: the previous answer stays, retried after a tenth of the TTL.
 * Writers are serialised, so two runs cannot both report the same change.
 */
export async function saveIpHealth(results: readonly TIpHealth[], ttlMs: number, now: Date = new Date()): Promise<TListingChange[]> {
  if (results.length === 0) return [];
  const good = new Date(now.getTime() + ttlMs);
  const retry = new Date(now.getTime() + ttlMs / 10);
  return prisma().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('ip_listing'))`;
    const ips = results.map((r) => r.ip);
    const before = await tx.$queryRaw<Array<{ ip: string; zone: string; status: string }>>`
      SELECT host(ip) AS ip, zone, status FROM ip_listing WHERE ip = ANY(${ips}::inet[])`;
    const previous = new Map(before.map((b) => [`${b.ip} ${b.zone}`, b.status]));
    const changes: TListingChange[] = [];
    for (const r of results) {
      const f = r.fcrdns;
      if (f.status === 'error') {
        await tx.$executeRaw`
          INSERT INTO ip_fcrdns (ip, status, ptr, names, error, checked_at, expires_at)
          VALUES (${r.ip}::inet, 'error', NULL, '{}', ${f.error}, ${now}, ${retry})
          ON CONFLICT (ip) DO UPDATE SET error = EXCLUDED.error, expires_at = EXCLUDED.expires_at`;
      } else {
        await tx.$executeRaw`
          INSERT INTO ip_fcrdns (ip, status, ptr, names, error, checked_at, expires_at)
          VALUES (${r.ip}::inet, ${f.status}, ${f.ptr}, ${f.names}::text[], NULL, ${now}, ${good})
          ON CONFLICT (ip) DO UPDATE SET status = EXCLUDED.status, ptr = EXCLUDED.ptr, names = EXCLUDED.names,
            error = NULL, checked_at = EXCLUDED.checked_at, expires_at = EXCLUDED.expires_at`;
      }
      for (const d of r.dnsbl) {
        const was = previous.get(`${r.ip} ${d.zone}`);
        if (d.status === 'error') {
          await tx.$executeRaw`
            INSERT INTO ip_listing (ip, zone, status, codes, meanings, txt, error, checked_at, expires_at)
            VALUES (${r.ip}::inet, ${d.zone}, 'error', ${d.codes}::text[], ${d.meanings}::text[], NULL, ${d.error}, ${now}, ${retry})
            ON CONFLICT (ip, zone) DO UPDATE SET error = EXCLUDED.error, expires_at = EXCLUDED.expires_at`;
          continue;
        }
        await tx.$executeRaw`
          INSERT INTO ip_listing (ip, zone, status, codes, meanings, txt, error, listed_since, checked_at, expires_at)
          VALUES (${r.ip}::inet, ${d.zone}, ${d.status}, ${d.codes}::text[], ${d.meanings}::text[], ${d.txt}, NULL,
                  ${d.status === 'listed' ? now : null}, ${now}, ${good})
          ON CONFLICT (ip, zone) DO UPDATE SET status = EXCLUDED.status, codes = EXCLUDED.codes, meanings = EXCLUDED.meanings,
            txt = EXCLUDED.txt, error = NULL, checked_at = EXCLUDED.checked_at, expires_at = EXCLUDED.expires_at,
            listed_since = CASE WHEN EXCLUDED.status <> 'listed' THEN NULL
                                WHEN ip_listing.status = 'listed' THEN ip_listing.listed_since
                                ELSE EXCLUDED.listed_since END`;
        if (d.status === 'listed' && was !== 'listed') changes.push({ ip: r.ip, zone: d.zone, kind: 'listed', codes: d.codes, meanings: d.meanings, txt: d.txt });
        if (d.status === 'not_listed' && was === 'listed') changes.push({ ip: r.ip, zone: d.zone, kind: 'delisted', codes: [], meanings: [], txt: null });
      }
    }
    return changes;
  }, { timeout: 120_000 });
}

/** One event per change and per domain whose authorised source uses the address. */
export async function recordListingEvents(changes: readonly TListingChange[], owners: ReadonlyMap<string, readonly TIpOwner[]>): Promise<number> {
  const rows = changes.flatMap((c) => (owners.get(c.ip) ?? []).map((o) => ({ ...c, ...o })));
  if (rows.length === 0) return 0;
  await prisma().ipListingEvent.createMany({
    data: rows.map((r) => ({ domainId: r.domainId, sourceKey: r.sourceKey, ip: r.ip, zone: r.zone, kind: r.kind, codes: r.codes, meanings: r.meanings, txt: r.txt })),
  });
  return rows.length;
}
