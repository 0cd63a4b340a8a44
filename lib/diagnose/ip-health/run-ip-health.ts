import { dayWindow } from '@/lib/platform/dates';
import { prisma } from '@/lib/platform/db';
import { createResolver, type TResolver } from '@/lib/platform/dns';
import { isPublicAddress } from '@/lib/platform/net';
import { listAddressSources } from '@/lib/queries';
import { buildSenderMap } from '@/lib/sources';
import { checkIpHealth, MAX_IPS_PER_CHECK } from './check-ip-health';
import { loadIpHealthConfig, type TIpHealthConfig } from './config';
import { dueAddresses, recordListingEvents, saveIpHealth, type TIpOwner } from './store';

export interface TIpHealthRun {
  domains: number;
  /** Addresses of authorised sources covered (the busiest `maxPerSource` of each). */
  addresses: number;
  checked: number;
  listed: number;
  /** Events stored: (domain × address × zone) changes. */
  newlyListed: number;
  delisted: number;
  /** Addresses left for the next run (over MAX_IPS_PER_CHECK). */
  deferred: number;
}

export interface TIpHealthRunOptions {
  domainIds?: number[];
  /** Check again even what is not expired (the "check now" button). */
  force?: boolean;
  now?: Date;
  config?: TIpHealthConfig;
  resolver?: TResolver;
}

const AUTHORISED = new Set(['authorised_passing', 'authorised_failing']);

/**
 * The addresses of every source each domain authorises (approved by a user, or matched to its
 * SPF includes / DKIM selectors / aligned mail), over the last 30 days: the busiest
 * `maxPerSource` of each, public addresses only. The map goes to whom a listing concerns.
 */
export async function authorisedAddresses(domains: ReadonlyArray<{ id: number; name: string }>, maxPerSource: number, now: Date): Promise<Map<string, TIpOwner[]>> {
  const owners = new Map<string, TIpOwner[]>();
  const window = dayWindow({ days: 30 }, now);
  for (const domain of domains) {
    // The worker acts for the instance: each domain read with a scope of that domain alone.
    const scope = { domainIds: [domain.id] };
    const map = await buildSenderMap(scope, domain, window);
    const keys = new Set(map.sources.filter((s) => AUTHORISED.has(s.verdict.verdict)).map((s) => s.key));
    if (keys.size === 0) continue;
    const perSource = new Map<string, number>();
    for (const a of await listAddressSources(scope, domain.id, window)) {
      if (!keys.has(a.sourceKey) || !isPublicAddress(a.ip)) continue;
      const n = perSource.get(a.sourceKey) ?? 0;
      if (n >= maxPerSource) continue;
      perSource.set(a.sourceKey, n + 1);
      const list = owners.get(a.ip) ?? [];
      list.push({ domainId: domain.id, sourceKey: a.sourceKey });
      owners.set(a.ip, list);
    }
  }
  return owners;
}

/**
 * One run of the sending-IP health check (the worker's scheduled job, or "check now"): FCrDNS
 * and DNSBL listings of the authorised sources' addresses whose answers expired, rate-limited
 * (ATLAS_DNSBL_RATE, _CONCURRENCY), stored in ip_listing / ip_fcrdns, and every new listing or
 * delisting recorded in ip_listing_event for the alerts.
 */
export async function runIpHealthCheck(options: TIpHealthRunOptions = {}): Promise<TIpHealthRun> {
  const now = options.now ?? new Date();
  const config = options.config ?? loadIpHealthConfig();
  const domains = await prisma().domain.findMany({
    where: options.domainIds ? { id: { in: options.domainIds } } : {},
    select: { id: true, name: true },
    orderBy: { id: 'asc' },
  });
  const owners = await authorisedAddresses(domains, config.maxPerSource, now);
  const due = await dueAddresses([...owners.keys()], config.zones, now, options.force);
  const batch = due.slice(0, MAX_IPS_PER_CHECK);
  const run: TIpHealthRun = { domains: domains.length, addresses: owners.size, checked: batch.length, listed: 0, newlyListed: 0, delisted: 0, deferred: due.length - batch.length };
  if (batch.length === 0) return run;
  const resolver = options.resolver ?? createResolver(config.dns);
  const results = await checkIpHealth(batch, { resolver, zones: config.zones, concurrency: config.concurrency, timeoutMs: config.timeoutMs, ratePerSecond: config.ratePerSecond });
  const changes = await saveIpHealth(results, config.ttlMs, now);
  run.listed = results.filter((r) => r.listedOn.length > 0).length;
  run.newlyListed = await recordListingEvents(changes.filter((c) => c.kind === 'listed'), owners);
  run.delisted = await recordListingEvents(changes.filter((c) => c.kind === 'delisted'), owners);
  return run;
}
