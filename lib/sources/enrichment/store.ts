import { Prisma, prisma } from '@/lib/platform/db';
import { isPublicAddress } from '@/lib/platform/net';
import { addressFacts, addressFactsVersion, domainFacts, domainFactsVersion, type TAddressFacts } from './offline-facts';

// Writes of the enrichment caches. Set-based (unnest of arrays): one statement per batch.

/** Records whose source_ip was empty or invalid are rolled up under 0.0.0.0: nothing to look up. */
export const PLACEHOLDER_IP = '0.0.0.0';

/** Non-public addresses (private relays, documentation ranges) get no DNS lookups. */
export async function insertAddresses(ips: string[]): Promise<number> {
  if (ips.length === 0) return 0;
  const version = addressFactsVersion();
  const skip = ips.map((ip) => ip === PLACEHOLDER_IP || !isPublicAddress(ip));
  const facts = ips.map((ip, i) => (skip[i] ? null : addressFacts(ip)));
  const col = <K extends keyof TAddressFacts>(k: K) => facts.map((f) => (f ? f[k] : null));
  const status = skip.map((s) => (s ? 'skipped' : 'pending'));
  return prisma().$executeRaw`
    INSERT INTO ip_enrichment (ip, ptr_status, asn, as_name, country, service_id, service_type, matched_by, offline_version, next_resolve_at)
    SELECT t.ip::inet, t.status::"PtrStatus", t.asn, t.as_name, t.country, t.service_id, t.service_type, t.matched_by, ${version},
           CASE WHEN t.status = 'skipped' THEN 'infinity'::timestamptz ELSE now() END
      FROM unnest(${ips}::text[], ${status}::text[], ${col('asn')}::int[], ${col('asName')}::text[], ${col('country')}::text[],
                  ${col('serviceId')}::text[], ${col('serviceType')}::text[], ${col('matchedBy')}::text[])
           AS t(ip, status, asn, as_name, country, service_id, service_type, matched_by)
    ON CONFLICT (ip) DO NOTHING`;
}

export async function insertDomains(names: string[]): Promise<number> {
  if (names.length === 0) return 0;
  const facts = names.map(domainFacts);
  return prisma().$executeRaw`
    INSERT INTO domain_enrichment (name, base_domain, service_id, service_type, offline_version)
    SELECT t.name, t.base, t.service_id, t.service_type, ${domainFactsVersion()}
      FROM unnest(${names}::text[], ${facts.map((f) => f.baseDomain)}::text[], ${facts.map((f) => f.serviceId)}::text[],
                  ${facts.map((f) => f.serviceType)}::text[]) AS t(name, base, service_id, service_type)
    ON CONFLICT (name) DO NOTHING`;
}

/**
 * Re-matches rows cached with older offline data or catalogue (a release, an npm update of
 * the ASN/country packages). Offline only; returns how many rows were refreshed.
 */
export async function rematchStale(limit = 5_000): Promise<number> {
  const db = prisma();
  const version = addressFactsVersion();
  const stale = await db.$queryRaw<{ ip: string; ptr: string | null; ptr_confirmed: boolean }[]>`
    SELECT host(ip) AS ip, ptr, ptr_confirmed FROM ip_enrichment
     WHERE offline_version <> ${version} AND ptr_status <> 'skipped' LIMIT ${limit}`;
  let changed = 0;
  if (stale.length > 0) {
    const facts = stale.map((r) => addressFacts(r.ip, { name: r.ptr, confirmed: r.ptr_confirmed }));
    const col = <K extends keyof TAddressFacts>(k: K) => facts.map((f) => f[k]);
    changed += await db.$executeRaw`
      UPDATE ip_enrichment e SET asn = t.asn, as_name = t.as_name, country = t.country, service_id = t.service_id,
             service_type = t.service_type, matched_by = t.matched_by, offline_version = ${version}, updated_at = now()
        FROM unnest(${stale.map((r) => r.ip)}::text[], ${col('asn')}::int[], ${col('asName')}::text[], ${col('country')}::text[],
                    ${col('serviceId')}::text[], ${col('serviceType')}::text[], ${col('matchedBy')}::text[])
             AS t(ip, asn, as_name, country, service_id, service_type, matched_by)
       WHERE e.ip = t.ip::inet`;
  }
  const dVersion = domainFactsVersion();
  const staleDomains = await db.$queryRaw<{ name: string }[]>`
    SELECT name FROM domain_enrichment WHERE offline_version <> ${dVersion} LIMIT ${limit}`;
  if (staleDomains.length > 0) {
    const names = staleDomains.map((r) => r.name);
    const facts = names.map(domainFacts);
    changed += await db.$executeRaw`
      UPDATE domain_enrichment d SET base_domain = t.base, service_id = t.service_id, service_type = t.service_type,
             offline_version = ${dVersion}, updated_at = now()
        FROM unnest(${names}::text[], ${facts.map((f) => f.baseDomain)}::text[], ${facts.map((f) => f.serviceId)}::text[],
                    ${facts.map((f) => f.serviceType)}::text[]) AS t(name, base, service_id, service_type)
       WHERE d.name = t.name`;
  }
  return changed;
}

/** Addresses and DKIM/SPF domains of some rollup rows that have no cache row yet. */
export async function findUnknownSenders(where: Prisma.Sql, limit: number): Promise<{ maxId: bigint | null; ips: string[]; domains: string[] }> {
  const [row] = await prisma().$queryRaw<{ max_id: bigint | null; ips: string[]; domains: string[] }[]>`
    WITH batch AS (SELECT id, source_ip, dkim_domain, spf_domain FROM daily_rollup WHERE ${where} ORDER BY id LIMIT ${limit})
    SELECT (SELECT max(id) FROM batch) AS max_id,
           ARRAY(SELECT DISTINCT host(b.source_ip) FROM batch b
                  WHERE NOT EXISTS (SELECT 1 FROM ip_enrichment e WHERE e.ip = b.source_ip)) AS ips,
           ARRAY(SELECT DISTINCT v.d FROM batch b CROSS JOIN LATERAL (VALUES (b.dkim_domain), (b.spf_domain)) AS v(d)
                  WHERE v.d <> '' AND NOT EXISTS (SELECT 1 FROM domain_enrichment de WHERE de.name = v.d)) AS domains`;
  return { maxId: row?.max_id ?? null, ips: row?.ips ?? [], domains: row?.domains ?? [] };
}
