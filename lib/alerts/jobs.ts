import { z } from 'zod';
import { defineJob, type JobDefinition } from '@/lib/platform/jobs';
import { deliverAlert } from './deliver-alert';
import { evaluateAlerts } from './evaluate-alerts';
import { ALERT_DELIVER_QUEUE } from './queue-deliveries';

const DELIVER_RETRIES = 8;

/** Every 5 minutes: every rule over recent days (late reports included). */
export const alertEvaluateJob = defineJob({
  name: 'alerts-evaluate',
  cron: '*/5 * * * *',
  description: 'Evaluates every organisation’s alert rules and queues the deliveries of new alerts.',
  run: (_data, context) => evaluateAlerts(context),
  queue: { policy: 'stately', retryLimit: 1, retryDelay: 60, expireInSeconds: 15 * 60 },
});

/** One alert to one recipient; retried with backoff (1 min, 2, 4 … about 4 hours in all). */
export const alertDeliverJob = defineJob({
  name: ALERT_DELIVER_QUEUE,
  description: 'Delivers one alert by e-mail or webhook, retrying with backoff.',
  schema: z.object({ deliveryId: z.string().regex(/^\d{1,19}$/) }),
  run: (job, context) => deliverAlert(BigInt(job.deliveryId), { lastAttempt: context.retryCount >= DELIVER_RETRIES }),
  queue: { policy: 'standard', retryLimit: DELIVER_RETRIES, retryDelay: 60, retryBackoff: true, expireInSeconds: 5 * 60 },
});

export const ALERT_JOBS: JobDefinition[] = [alertEvaluateJob, alertDeliverJob];
