import PgBoss from 'pg-boss';
import { databaseUrl } from '@/lib/platform/db';
import { log } from '@/lib/platform/log';
import type { JobDefinition } from './types';

let sender: Promise<PgBoss> | null = null;

/**
 * A job runner that only sends: the web process queues on-demand work (a "check now" button)
 * for the worker without polling, scheduling or maintenance of its own.
 */
function jobSender(): Promise<PgBoss> {
  sender ??= (async () => {
    const boss = new PgBoss({ connectionString: databaseUrl(), schema: 'pgboss', max: 2, supervise: false, schedule: false });
    boss.on('error', (error) => log.error({ err: error }, 'job sender error'));
    await boss.start();
    return boss;
  })().catch((error: unknown) => {
    sender = null;
    throw error;
  });
  return sender;
}

/**
 * Queues one run of `job` for the worker. Returns the job id, or null when the queue's policy
 * or the singleton options refused it (the same run is already waiting, or ran too recently).
 */
export async function sendJob<T extends object>(job: JobDefinition<T>, data: T, options: PgBoss.SendOptions = {}): Promise<string | null> {
  const boss = await jobSender();
  // Idempotent; the worker creates the queue at start, but the web may be up first.
  await boss.createQueue(job.name, job.options);
  return boss.send(job.name, data, options);
}

/** Closes the sender's connections (tests, and processes that exit on their own). */
export async function closeJobSender(): Promise<void> {
  const current = sender;
  sender = null;
  if (current) await (await current.catch(() => null))?.stop({ graceful: false, close: true });
}
