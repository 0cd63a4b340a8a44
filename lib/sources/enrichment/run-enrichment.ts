import { Prisma, prisma } from '@/lib/platform/db';
import { formatDay } from '@/lib/platform/dates';
import { log } from '@/lib/platform/log';
import { loadEnrichmentConfig, type TEnrichmentConfig } from './config';
import { mapLimit } from '@/lib/platform/system';
import { addressFacts, addressFactsVersion } from './offline-facts';
import { refreshDomainDns, type TDomainDnsRun } from './refresh-domain-dns';
import { createResolver, type TResolver } from '@/lib/platform/dns';
import { reverseDns, type TReverseDns } from '@/lib/dns';
import { findUnknownSenders, insertAddresses, insertDomains, rematchStale } from './store';

// The enrichment worker's passes. Ingest never waits for any of this: new addresses are found
// by scanning daily_rollup after the fact, offline facts (ASN, country, catalogue) are written
// at once, and reverse DNS follows in bounded, leased batches with back-off on failure.

const CURSOR = 'daily_rollup';
/** Rows re-read below the cursor on each scan: ids of slow concurrent transactions land late. */
const CURSOR_OVERLAP = 5_000n;
const SCAN_ROWS = 50_000;
/** A claimed address is not claimed again for this long (a crashed worker's claim expires). */
const CLAIM_LEASE_MS = 10 * 60_000;
/** First retry after a timeout or error; doubles per attempt up to the negative TTL. */
const RETRY_BASE_MS = 15 * 60_000;

export interface TScanResult {
  addresses: number;
  domains: number;
}

/** New addresses and DKIM/SPF domains in rollup rows added since the last scan. */
export async function scanNewSenders(maxBatches = 20): Promise<TScanResult> {
  const db = prisma();
  const total: TScanResult = { addresses: 0, domains: 0 };
  for (let i = 0; i < maxBatches; i++) {
    const cursor = (await db.enrichmentCursor.findUnique({ where: { name: CURSOR } }))?.lastId ?? 0n;
    const from = cursor > CURSOR_OVERLAP ? cursor - CURSOR_OVERLAP : 0n;
    const found = await findUnknownSenders(Prisma.sql`id > ${from}`, SCAN_ROWS);
    total.addresses += await insertAddresses(found.ips);
    total.domains += await insertDomains(found.domains);
    if (found.maxId === null || found.maxId <= cursor) break;
    await db.enrichmentCursor.upsert({ where: { name: CURSOR }, create: { name: CURSOR, lastId: found.maxId }, update: { lastId: found.maxId } });
  }
  return total;
}

/**
 * The whole of daily_rollup against the caches, in id ranges: catches what the cursor scan
 * can miss (a transaction that committed long after its ids were drawn). Daily, off-peak.
 */
export async function sweepAllSenders(chunk = 200_000): Promise<TScanResult> {
  const total: TScanResult = { addresses: 0, domains: 0 };
  const [bounds] = await prisma().$queryRaw<{ lo: bigint | null; hi: bigint | null }[]>`SELECT min(id) AS lo, max(id) AS hi FROM daily_rollup`;
  if (bounds?.lo == null || bounds.hi == null) return total;
  for (let start = bounds.lo - 1n; start < bounds.hi; start += BigInt(chunk)) {
    const found = await findUnknownSenders(Prisma.sql`id > ${start} AND id <= ${start + BigInt(chunk)}`, chunk);
    total.addresses += await insertAddresses(found.ips);
    total.domains += await insertDomains(found.domains);
  }
  return total;
}

/** Offline facts for one domain's addresses now (no DNS): what `atlas sources` runs first. */
export async function enrichDomainOffline(domainId: number, since?: Date): Promise<TScanResult> {
  const where = since ? Prisma.sql`domain_id = ${domainId} AND day >= ${formatDay(since)}::date` : Prisma.sql`domain_id = ${domainId}`;
  const found = await findUnknownSenders(where, 10_000_000);
  return { addresses: await insertAddresses(found.ips), domains: await insertDomains(found.domains) };
}

interface TClaimed {
  ip: string;
  ptr_status: string;
  ptr: string | null;
  ptr_confirmed: boolean;
  dns_attempts: number;
}

export interface TResolveResult {
  resolved: number;
  failed: number;
}

function nextAttempt(outcome: TReverseDns, attempts: number, config: TEnrichmentConfig, now: number): Date {
  if (outcome.status === 'ok') return new Date(now + config.ttlMs);
  if (outcome.status === 'nxdomain' || outcome.status === 'nodata') return new Date(now + config.negativeTtlMs);
  return new Date(now + Math.min(config.negativeTtlMs, RETRY_BASE_MS * 2 ** Math.min(attempts, 10)));
}

/** Reverse DNS for addresses that are due (new, expired, or backed off long enough). */
export async function resolveDueAddresses(resolver: TResolver, config: TEnrichmentConfig, deadline: number): Promise<TResolveResult> {
  const db = prisma();
  const result: TResolveResult = { resolved: 0, failed: 0 };
  const version = addressFactsVersion();
  while (Date.now() < deadline) {
    const claimed = await db.$queryRaw<TClaimed[]>`
      UPDATE ip_enrichment e SET next_resolve_at = now() + ${`${CLAIM_LEASE_MS} milliseconds`}::interval
       WHERE e.ip IN (SELECT ip FROM ip_enrichment WHERE next_resolve_at <= now() AND ptr_status <> 'skipped'
                       ORDER BY next_resolve_at LIMIT ${config.batch} FOR UPDATE SKIP LOCKED)
       RETURNING host(e.ip) AS ip, e.ptr_status::text AS ptr_status, e.ptr, e.ptr_confirmed, e.dns_attempts`;
    if (claimed.length === 0) break;
    const outcomes = await mapLimit(claimed, config.concurrency, (c) => reverseDns(resolver, c.ip));
    const now = Date.now();
    const rows = claimed.map((c, i) => {
      const o = outcomes[i];
      const transient = o.status === 'timeout' || o.status === 'error';
      // A transient failure keeps what an earlier lookup learnt; it only schedules a retry.
      const keep = transient && c.ptr_status === 'ok';
      const ptr = keep ? c.ptr : o.ptr;
      const confirmed = keep ? c.ptr_confirmed : o.confirmed;
      const facts = addressFacts(c.ip, { name: ptr, confirmed });
      const attempts = transient ? c.dns_attempts + 1 : 0;
      if (transient) result.failed += 1;
      else result.resolved += 1;
      return { c, o, keep, ptr, confirmed, facts, attempts, next: nextAttempt(o, c.dns_attempts, config, now) };
    });
    await db.$executeRaw`
      UPDATE ip_enrichment e SET ptr_status = t.status::"PtrStatus", ptr = t.ptr, ptr_confirmed = t.confirmed,
             ptr_base_domain = t.base, asn = t.asn, as_name = t.as_name, country = t.country, service_id = t.service_id,
             service_type = t.service_type, matched_by = t.matched_by, offline_version = ${version},
             dns_attempts = t.attempts, dns_error = t.error, resolved_at = now(), next_resolve_at = t.next, updated_at = now()
        FROM unnest(${rows.map((r) => r.c.ip)}::text[], ${rows.map((r) => (r.keep ? 'ok' : r.o.status))}::text[],
                    ${rows.map((r) => r.ptr)}::text[], ${rows.map((r) => r.confirmed)}::boolean[],
                    ${rows.map((r) => r.facts.ptrBaseDomain)}::text[], ${rows.map((r) => r.facts.asn)}::int[],
                    ${rows.map((r) => r.facts.asName)}::text[], ${rows.map((r) => r.facts.country)}::text[],
                    ${rows.map((r) => r.facts.serviceId)}::text[], ${rows.map((r) => r.facts.serviceType)}::text[],
                    ${rows.map((r) => r.facts.matchedBy)}::text[], ${rows.map((r) => r.attempts)}::int[],
                    ${rows.map((r) => r.o.error)}::text[], ${rows.map((r) => r.next)}::timestamptz[])
             AS t(ip, status, ptr, confirmed, base, asn, as_name, country, service_id, service_type, matched_by, attempts, error, next)
       WHERE e.ip = t.ip::inet`;
  }
  return result;
}

export interface TEnrichmentRun extends TScanResult, TResolveResult, TDomainDnsRun {
  rematched: number;
  ms: number;
}

/**
 * One run of the scheduled job: scan for new senders, re-match stale cache rows, refresh the
 * domains' SPF/DKIM facts that expired, then resolve PTRs until the time budget is spent (the
 * next minute's run carries on).
 */
export async function runEnrichment(options: { budgetMs?: number; config?: TEnrichmentConfig; resolver?: TResolver } = {}): Promise<TEnrichmentRun> {
  const started = Date.now();
  const config = options.config ?? loadEnrichmentConfig();
  const scan = await scanNewSenders();
  const rematched = await rematchStale();
  let dns: TResolveResult = { resolved: 0, failed: 0 };
  let domainDns: TDomainDnsRun = { spfChecked: 0, includesChecked: 0, selectorsChecked: 0 };
  if (config.dnsEnabled) {
    const resolver = options.resolver ?? createResolver(config);
    domainDns = await refreshDomainDns(resolver, config);
    dns = await resolveDueAddresses(resolver, config, started + (options.budgetMs ?? 45_000));
  }
  const run = { ...scan, ...dns, ...domainDns, rematched, ms: Date.now() - started };
  if (run.addresses || run.domains || run.resolved || run.failed || run.rematched || run.spfChecked) log.info({ enrichment: run }, 'sender enrichment');
  return run;
}
