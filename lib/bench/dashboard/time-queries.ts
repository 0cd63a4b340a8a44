import { operatorScope } from '@/lib/access';
import { dayWindow } from '@/lib/platform/dates';
import {
  findDomainInScope,
  getDomainDailyStats,
  listDomainCountries,
  listDomainReporters,
  listDomainSummaries,
  listIpHealth,
  listReports,
  listScopeDomains,
  listSourceAddresses,
  listSourceAuthResults,
  listSourceDays,
  listSourceListings,
  listSourceReporters,
} from '@/lib/queries';
import { buildSenderMap, buildSenderMaps } from '@/lib/sources';
import { percentile } from './percentile';

export interface TQueryTiming {
  p50_ms: number;
  p95_ms: number;
}

/**
 * Every read behind the overview, the domain page, the sender map, a source's page, the
 * reporters page and the reports list, called as the pages call them (the operator's scope:
 * every domain; the per-domain reads on the largest domain and its largest source; the pages'
 * default window, the last 30 days), each once to warm up and then `runs` times in a row.
 */
export async function timeQueries(domain: { id: number; name: string }, runs: number, log: (line: string) => void): Promise<Record<string, TQueryTiming>> {
  const scope = await operatorScope();
  const window = dayWindow();
  const map = await buildSenderMap(scope, domain, window);
  const source = map.sources[0]?.key;
  if (!source) throw new Error(`the sender map of ${domain.name} is empty: the data set was not built`);
  const addresses = await listSourceAddresses(scope, domain.id, source, window, 500);
  const allDomains = await listScopeDomains(scope);

  const queries: Record<string, () => Promise<unknown>> = {
    // app/(dashboard)/page.tsx
    overview_domains: () => listDomainSummaries(scope, window),
    overview_series: () => getDomainDailyStats(scope, null, window),
    // Every domain card streams its sender map (components/dashboard/domain-card-sources.tsx), concurrently.
    overview_domain_cards: () => buildSenderMaps(scope, allDomains.map((d) => ({ id: d.id, name: d.name })), window),
    // app/(dashboard)/domains/[domain]/page.tsx and its panels
    domain_find: () => findDomainInScope(scope, domain.name),
    domain_summary: () => listDomainSummaries({ ...scope, domainIds: [domain.id] }, window),
    domain_series: () => getDomainDailyStats(scope, domain.id, window),
    domain_source_days: () => listSourceDays(scope, domain.id, window),
    domain_countries: () => listDomainCountries(scope, domain.id, window),
    domain_reporters: () => listDomainReporters(scope, window, { domainIds: [domain.id] }),
    // app/(dashboard)/domains/[domain]/sources/page.tsx
    sender_map: () => buildSenderMap(scope, domain, window),
    sender_map_listings: () => listSourceListings(scope, domain.id, window),
    sender_map_ip_health: () => listIpHealth(scope, addresses.map((a) => a.ip)),
    // app/(dashboard)/domains/[domain]/sources/[source]/page.tsx and its panels
    source_addresses: () => listSourceAddresses(scope, domain.id, source, window, 5000),
    source_days: () => listSourceDays(scope, domain.id, window, { sourceKey: source }),
    source_auth_results: () => listSourceAuthResults(scope, domain.id, source, window),
    source_reporters: () => listSourceReporters(scope, domain.id, source, window),
    // app/(dashboard)/reporters/page.tsx
    reporters_domains: () => listScopeDomains(scope),
    reporters: () => listDomainReporters(scope, window, { domainIds: scope.domainIds }),
    // app/(dashboard)/reports/page.tsx (first page, newest first)
    reports_list: () => listReports(scope, { window, page: 1, perPage: 50 }),
  };

  const timings: Record<string, TQueryTiming> = {};
  for (const [name, run] of Object.entries(queries)) {
    await run();
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await run();
      ms.push(performance.now() - t0);
    }
    timings[name] = { p50_ms: round(percentile(ms, 0.5)), p95_ms: round(percentile(ms, 0.95)) };
    log(`bench:   ${name}: p50 ${timings[name].p50_ms} ms, p95 ${timings[name].p95_ms} ms`);
  }
  return timings;
}

const round = (n: number) => Math.round(n * 10) / 10;
