import { z } from 'zod';
import { defineJob, type JobDefinition } from '@/lib/platform/jobs';
import { DIGEST_SEND_QUEUE, scheduleDueDigests } from './schedule-digests';
import { sendUserDigest } from './send-user-digest';

/** Every 15 minutes (time zones with :30 and :45 offsets): queue the digests whose time came. */
export const digestScheduleJob = defineJob({
  name: 'digest-schedule',
  cron: '*/15 * * * *',
  description: 'Queues the weekly digests whose time (weekday and hour in the user’s zone) has come.',
  run: (_data, context) => scheduleDueDigests(context),
  queue: { policy: 'stately', retryLimit: 2, retryDelay: 60, expireInSeconds: 10 * 60 },
});

/** One user's digest for one week; SMTP failures retry with backoff (1, 2, 4… minutes). */
export const digestSendJob = defineJob({
  name: DIGEST_SEND_QUEUE,
  description: 'Builds and mails one user’s weekly digest (once per user and week).',
  schema: z.object({ userId: z.number().int().positive(), asOf: z.iso.date() }),
  run: (job) => sendUserDigest(job),
  queue: { policy: 'stately', retryLimit: 6, retryDelay: 60, retryBackoff: true, expireInSeconds: 10 * 60 },
});

export const DIGEST_JOBS: JobDefinition[] = [digestScheduleJob, digestSendJob];
