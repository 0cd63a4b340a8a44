import { defineJob } from '@/lib/platform/jobs';
import { prisma } from '@/lib/platform/db';
import { createResolver } from '@/lib/platform/dns';
import { log } from '@/lib/platform/log';
import { mapLimit } from '@/lib/platform/system';
import { checkDomainNow } from './check-domain-now';

/** Domains checked at once: each check is up to a few hundred DNS queries. */
const CONCURRENCY = 2;

export interface TDnsWatchRun {
  domains: number;
  changes: number;
  published: number;
  rolledBack: number;
  failed: number;
}

/** One pass over every domain: check DNS, record changes, move the wizard, flag rollbacks. */
export async function runDnsWatch(options: { domainIds?: number[]; now?: Date } = {}): Promise<TDnsWatchRun> {
  const domains = await prisma().domain.findMany({
    where: options.domainIds ? { id: { in: options.domainIds } } : {},
    select: { id: true, name: true, organizationId: true },
    orderBy: { id: 'asc' },
  });
  const resolver = createResolver();
  const run: TDnsWatchRun = { domains: domains.length, changes: 0, published: 0, rolledBack: 0, failed: 0 };
  await mapLimit(domains, CONCURRENCY, async (domain) => {
    try {
      const result = await checkDomainNow(domain, { resolver, now: options.now });
      run.changes += result.changes.length;
      if (result.published) run.published += 1;
      if (result.rolledBack) {
        run.rolledBack += 1;
        log.warn({ domain: domain.name, from: result.rolledBack.from, to: result.rolledBack.to }, 'DMARC policy rolled back');
      }
    } catch (error) {
      run.failed += 1;
      log.error({ err: error, domain: domain.name }, 'DNS watch: check failed');
    }
  });
  return run;
}

/** Hourly: every domain's DMARC, SPF and DKIM records (docs/enforcement.md, "DNS watch"). */
export const dnsWatchJob = defineJob({
  name: 'dns-watch',
  cron: '11 * * * *',
  run: async () => {
    const run = await runDnsWatch();
    if (run.changes || run.failed) log.info({ dnsWatch: run }, 'DNS watch found changes');
  },
  // At most one running and one waiting: a slow pass never piles up behind itself.
  queue: { policy: 'stately', retryLimit: 0, expireInSeconds: 45 * 60 },
});
