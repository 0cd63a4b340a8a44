import { z } from 'zod';
import type { JobDefinition } from '@/lib/platform/jobs';
import { DIGEST_SEND_QUEUE, scheduleDueDigests } from './schedule-digests';
import { sendUserDigest } from './send-user-digest';

const ZSendJob = z.object({ userId: z.number().int().positive(), asOf: z.iso.date() });

/** Every 15 minutes (time zones with :30 and :45 offsets): queue the digests whose time came. */
export const digestScheduleJob: JobDefinition = {
  name: 'digest-schedule',
  cron: '*/15 * * * *',
  description: 'Queues the weekly digests whose time (weekday and hour in the user’s zone) has come.',
  handler: async (_data, context) => {
    await scheduleDueDigests(context);
  },
  options: { name: 'digest-schedule', policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60 },
};

/** One user's digest for one week; SMTP failures retry with backoff (1, 2, 4… minutes). */
export const digestSendJob: JobDefinition = {
  name: DIGEST_SEND_QUEUE,
  description: 'Builds and mails one user’s weekly digest (once per user and week).',
  handler: async (data) => {
    const job = ZSendJob.parse(data);
    await sendUserDigest(job);
  },
  options: { name: DIGEST_SEND_QUEUE, policy: 'stately', retryLimit: 6, retryDelay: 60, retryBackoff: true, expireInSeconds: 10 * 60 },
};

export const DIGEST_JOBS: JobDefinition[] = [digestScheduleJob, digestSendJob];
