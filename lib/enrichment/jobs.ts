import type { JobDefinition } from '@/lib/jobs/types';
import { log } from '@/lib/log';
import { runEnrichment, sweepAllSenders } from './run-enrichment';

/** Every minute: new senders, stale matches, due SPF/DKIM checks, a budget of PTR lookups. */
export const enrichmentScanJob: JobDefinition = {
  name: 'enrichment-scan',
  cron: '* * * * *',
  handler: async () => {
    await runEnrichment({ budgetMs: 45_000 });
  },
  // At most one running and one waiting: runs never pile up behind a slow one.
  options: { name: 'enrichment-scan', policy: 'stately', retryLimit: 0, expireInSeconds: 15 * 60 },
};

/** Daily: the whole rollup table against the caches (what the cursor scan may have missed). */
export const enrichmentSweepJob: JobDefinition = {
  name: 'enrichment-sweep',
  cron: '17 3 * * *',
  handler: async () => {
    const found = await sweepAllSenders();
    if (found.addresses || found.domains) log.info({ sweep: found }, 'sender enrichment sweep found missed senders');
  },
  options: { name: 'enrichment-sweep', policy: 'stately', retryLimit: 1, expireInSeconds: 60 * 60 },
};

export const ENRICHMENT_JOBS: JobDefinition[] = [enrichmentScanJob, enrichmentSweepJob];
