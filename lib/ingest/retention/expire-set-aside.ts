import { z } from 'zod';
import { prisma } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import type { JobDefinition } from '@/lib/platform/jobs';

// Set-aside reports (for domains nobody has claimed: anyone can mail a rua address) are kept
// so that an organisation adding the domain later gets its history, but not for ever: after
// ATLAS_SET_ASIDE_MAX_AGE_DAYS they are deleted with their records and now-orphaned XML blobs.
// Retention of owned data is the partitions' business (README, "Scale").

const ZRetentionEnv = z.object({
  // 0 keeps set-aside reports for ever.
  ATLAS_SET_ASIDE_MAX_AGE_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
});

export function setAsideMaxAgeDays(env: NodeJS.ProcessEnv = process.env): number {
  const parsed = ZRetentionEnv.safeParse(env);
  if (!parsed.success) throw new Error(`ATLAS_SET_ASIDE_MAX_AGE_DAYS: ${parsed.error.issues[0]?.message ?? 'invalid'} (days, 0 = keep for ever)`);
  return parsed.data.ATLAS_SET_ASIDE_MAX_AGE_DAYS;
}

const BATCH = 1000;

/** Deletes set-aside reports received more than `maxAgeDays` before `now`, in batches. */
export async function expireSetAsideReports(options: { maxAgeDays?: number; now?: Date } = {}): Promise<{ reports: number; blobs: number }> {
  const maxAgeDays = options.maxAgeDays ?? setAsideMaxAgeDays();
  if (maxAgeDays === 0) return { reports: 0, blobs: 0 };
  const cutoff = new Date((options.now ?? new Date()).getTime() - maxAgeDays * 86_400_000);
  let reports = 0;
  let blobs = 0;
  for (;;) {
    // Small transactions: the records' delete trigger runs per batch, and ingest keeps going.
    const done = await prisma().$transaction(async (tx) => {
      const deleted = await tx.$queryRaw<{ xml_blob_id: bigint }[]>`
        DELETE FROM report WHERE id IN (
          SELECT id FROM report WHERE domain_id IS NULL AND created_at < ${cutoff} ORDER BY id LIMIT ${BATCH}
        ) RETURNING xml_blob_id`;
      const blobIds = [...new Set(deleted.map((d) => d.xml_blob_id))];
      const gone = blobIds.length
        ? await tx.$executeRaw`
            DELETE FROM raw_blob b WHERE b.id = ANY(${blobIds}::bigint[])
               AND NOT EXISTS (SELECT 1 FROM report r WHERE r.xml_blob_id = b.id)
               AND NOT EXISTS (SELECT 1 FROM ingest_file f WHERE f.blob_id = b.id)`
        : 0;
      return { reports: deleted.length, blobs: gone };
    });
    reports += done.reports;
    blobs += done.blobs;
    if (done.reports < BATCH) break;
  }
  if (reports) log.info({ reports, blobs, maxAgeDays }, 'expired set-aside reports');
  return { reports, blobs };
}

/** Daily at 04:23 UTC. */
export const setAsideExpiryJob: JobDefinition = {
  name: 'set-aside-expiry',
  cron: '23 4 * * *',
  description: 'Deletes set-aside reports (domains nobody claimed) older than ATLAS_SET_ASIDE_MAX_AGE_DAYS.',
  handler: async () => {
    await expireSetAsideReports();
  },
  options: { name: 'set-aside-expiry', policy: 'stately', retryLimit: 2, retryDelay: 300, retryBackoff: true, expireInSeconds: 60 * 60 },
};
