import { dayWindow } from '@/lib/platform/dates';
import { prisma } from '@/lib/platform/db';
import { listSources } from '@/lib/queries';
import { serviceById } from '@/lib/sources/catalogue';
import { NETWORK_TYPES } from '@/lib/sources/types';
import { readSpfCache, refreshSpf } from '@/lib/sources/spf/spf-cache';
import type { TEnrichmentConfig } from './config';
import { probeSelector, saveSelectorChecks } from './dkim-selectors';
import type { TResolver } from '@/lib/platform/dns';

export interface TDomainDnsRun {
  spfChecked: number;
  includesChecked: number;
  selectorsChecked: number;
}

/**
 * Keeps each domain's DNS facts fresh for verdicts and advice: its SPF record (lookups,
 * includes), the SPF cost of the services seen sending for it, and their DKIM selectors.
 * Only what is expired is looked up again.
 */
export async function refreshDomainDns(resolver: TResolver, config: TEnrichmentConfig, options: { domainIds?: number[]; force?: boolean; now?: Date } = {}): Promise<TDomainDnsRun> {
  const now = options.now ?? new Date();
  const run: TDomainDnsRun = { spfChecked: 0, includesChecked: 0, selectorsChecked: 0 };
  const domains = await prisma().domain.findMany({ where: options.domainIds ? { id: { in: options.domainIds } } : {}, select: { id: true, name: true }, orderBy: { id: 'asc' } });
  const due = (expiresAt: Date | undefined) => options.force || !expiresAt || expiresAt <= now;
  for (const domain of domains) {
    const spf = (await readSpfCache([domain.name])).get(domain.name);
    let includes = spf?.includes ?? [];
    if (due(spf?.expiresAt)) {
      includes = (await refreshSpf(resolver, domain.name, config.spfTtlMs)).includes;
      run.spfChecked += 1;
    }
    const sources = await listSources({ domainIds: [domain.id] }, domain.id, dayWindow({ days: 30 }, now));
    const services = [...new Set(sources.map((s) => s.serviceId))].map(serviceById).filter((s) => s !== null && !NETWORK_TYPES.has(s.type));
    const candidates = services.flatMap((s) => (s!.spf.some((inc) => includes.includes(inc)) ? [] : s!.spf.slice(0, 1)));
    const cached = await readSpfCache(candidates);
    for (const include of candidates) {
      if (!due(cached.get(include)?.expiresAt)) continue;
      await refreshSpf(resolver, include, config.spfTtlMs);
      run.includesChecked += 1;
    }
    const existing = await prisma().dkimSelectorCheck.findMany({ where: { domain: domain.name }, select: { selector: true, expiresAt: true } });
    const expiry = new Map(existing.map((e) => [e.selector, e.expiresAt]));
    const selectors = [...new Set(services.flatMap((s) => s!.selectors))].filter((sel) => due(expiry.get(sel)));
    const probed = await Promise.all(selectors.map((sel) => probeSelector(resolver, domain.name, sel)));
    await saveSelectorChecks(probed, config.spfTtlMs);
    run.selectorsChecked += probed.length;
  }
  return run;
}
