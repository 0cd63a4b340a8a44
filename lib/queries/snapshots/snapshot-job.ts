import type { JobDefinition } from '@/lib/platform/jobs';
import { log } from '@/lib/platform/log';
import { pruneSnapshots } from './prune-snapshots';
import { refreshSnapshots } from './refresh-snapshots';

/**
 * Every minute: the default snapshots of domains whose figures or enrichment changed (so new
 * reports are usually computed before anyone opens the page), then stale snapshots dropped.
 * One run at a time: a refresh of a large domain can take longer than a minute.
 */
export const querySnapshotJob: JobDefinition = {
  name: 'query-snapshots',
  cron: '* * * * *',
  description: 'Precomputes the sender map and its related reads for domains with new data',
  handler: async () => {
    const refreshed = await refreshSnapshots();
    const pruned = await pruneSnapshots();
    if (refreshed.domains > 0 || pruned.snapshots > 0) log.debug({ refreshed, pruned }, 'query snapshots refreshed');
  },
  options: { name: 'query-snapshots', policy: 'stately', retryLimit: 0, expireInSeconds: 30 * 60 },
};
