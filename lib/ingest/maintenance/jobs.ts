import type { JobDefinition, WorkerService } from '@/lib/platform/jobs';
import { log } from '@/lib/platform/log';
import { applyRetention, retentionStart } from './apply-retention';
import { compactAll } from './compact-rollups';
import { ensureRecordPartitions } from './record-partitions';
import { retentionDays } from './retention-config';

/** Every minute: rollup contributions and pending reports into the compacted store (reads stay fast). */
export const rollupCompactionJob: JobDefinition = {
  name: 'rollup-compaction',
  cron: '* * * * *',
  handler: async () => {
    const done = await compactAll();
    if (done.domains > 0) log.debug({ compaction: done }, 'rollup contributions compacted');
  },
  options: { name: 'rollup-compaction', policy: 'stately', retryLimit: 0, expireInSeconds: 30 * 60 },
};

/** Months of report_record ahead, then ATLAS_RETENTION_DAYS when set. */
export async function maintainRecords(now = new Date()): Promise<void> {
  const days = retentionDays();
  await ensureRecordPartitions(now, days === null ? null : retentionStart(days, now));
  if (days !== null) await applyRetention(days, now);
}

/** Daily: partitions created ahead, retention applied. */
export const recordMaintenanceJob: JobDefinition = {
  name: 'record-maintenance',
  cron: '23 2 * * *',
  handler: () => maintainRecords(),
  options: { name: 'record-maintenance', policy: 'stately', retryLimit: 2, expireInSeconds: 60 * 60 },
};

export const INGEST_JOBS: JobDefinition[] = [rollupCompactionJob, recordMaintenanceJob];

/** At worker start: partitions ahead (a worker first started months after install) and a compaction. */
export const ingestMaintenanceKickoff: WorkerService = {
  name: 'ingest-maintenance-kickoff',
  start: async () => {
    const done = (async () => {
      await maintainRecords();
      await compactAll();
    })().catch((error: unknown) => log.error({ err: error }, 'record maintenance at start failed'));
    return async () => {
      await done;
    };
  },
};
