import { defineJob, type JobDefinition, type WorkerService } from '@/lib/platform/jobs';
import { log } from '@/lib/platform/log';
import { runEnrichment, scanNewSenders, sweepAllSenders } from './run-enrichment';
import { rematchStale } from './store';

/** Every minute: new senders, stale matches, due SPF/DKIM checks, a budget of PTR lookups. */
export const enrichmentScanJob = defineJob({
  name: 'enrichment-scan',
  cron: '* * * * *',
  description: 'New sending addresses and domains: ASN, country, service; reverse DNS, SPF and DKIM checks due.',
  run: () => runEnrichment({ budgetMs: 45_000 }),
  // At most one running and one waiting: runs never pile up behind a slow one.
  queue: { policy: 'stately', retryLimit: 0, expireInSeconds: 15 * 60 },
});

/** Daily: the whole rollup table against the caches (what the cursor scan may have missed). */
export const enrichmentSweepJob = defineJob({
  name: 'enrichment-sweep',
  cron: '17 3 * * *',
  description: 'The whole rollup table against the enrichment caches (what the scan may have missed).',
  run: async () => {
    const found = await sweepAllSenders();
    if (found.addresses || found.domains) log.info({ sweep: found }, 'sender enrichment sweep found missed senders');
  },
  queue: { policy: 'stately', retryLimit: 1, expireInSeconds: 60 * 60 },
});

export const ENRICHMENT_JOBS: JobDefinition[] = [enrichmentScanJob, enrichmentSweepJob];

/**
 * At worker start, the offline part at once (new senders' ASN, country and service; stale
 * matches): the sender map is meaningful right after a first start or an upgrade rather
 * than after the first scheduled run. Reverse DNS is left to the scheduled job.
 */
export const enrichmentKickoffService: WorkerService = {
  name: 'enrichment-kickoff',
  start: async () => {
    const done = (async () => {
      const found = await scanNewSenders();
      const rematched = await rematchStale();
      if (found.addresses || found.domains || rematched) log.info({ kickoff: { ...found, rematched } }, 'sender enrichment (offline) at start');
    })().catch((error: unknown) => log.error({ err: error }, 'sender enrichment at start failed'));
    return async () => {
      await done;
    };
  },
};
