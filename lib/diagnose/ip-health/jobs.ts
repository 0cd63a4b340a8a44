import { z } from 'zod';
import { defineJob, sendJob } from '@/lib/platform/jobs';
import { log } from '@/lib/platform/log';
import { runIpHealthCheck } from './run-ip-health';

const ZJobData = z.object({ domainId: z.number().int().positive().optional(), force: z.boolean().optional() });

/** A forced check of one domain runs at most once in this many seconds, however often asked. */
export const CHECK_NOW_COOLDOWN_SECONDS = 300;

/**
 * Every six hours: the authorised sources' addresses whose answers expired (ATLAS_DNSBL_TTL_HOURS).
 * Sent on demand with {domainId, force} by the sender map's "Check now".
 */
export const ipHealthJob = defineJob({
  name: 'ip-health-check',
  cron: '41 */6 * * *',
  schema: ZJobData,
  run: async (input) => {
    const run = await runIpHealthCheck({ domainIds: input.domainId ? [input.domainId] : undefined, force: input.force });
    if (run.checked || run.newlyListed || run.delisted) log.info({ ipHealth: run }, 'sending-IP health checked');
  },
  // One running and one waiting per key (the schedule, or one domain's "check now").
  queue: { policy: 'stately', retryLimit: 1, expireInSeconds: 60 * 60 },
});

/**
 * Queues a forced check of one domain's authorised addresses for the worker. False when one
 * is already waiting, or one ran within the cooldown (the lists' free tiers are rate-limited).
 */
export async function requestIpHealthCheck(domainId: number): Promise<boolean> {
  const id = await sendJob(ipHealthJob, { domainId, force: true }, { singletonKey: `domain:${domainId}`, singletonSeconds: CHECK_NOW_COOLDOWN_SECONDS });
  return id !== null;
}
