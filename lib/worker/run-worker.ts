import { startBoss, type TJobContext } from '@/lib/platform/jobs';
import { JOBS, SERVICES } from './job-registry';
import { log } from '@/lib/platform/log';

export interface RunningWorker {
  stop: () => Promise<void>;
  /** Queue a job now (CLI "run now", tests), as a scheduled run would. */
  send: TJobContext['send'];
}

/** Starts the job runner, its queues and schedules, and the long-running services. */
export async function runWorker(): Promise<RunningWorker> {
  const boss = await startBoss();
  const send: TJobContext['send'] = (name, data, options) => boss.send(name, data, options ?? {});
  for (const job of JOBS) {
    await boss.createQueue(job.name, job.options);
    await boss.work<object>(job.name, { includeMetadata: true }, async (jobs) => {
      for (const item of jobs) await job.handler(item.data, { send, jobId: item.id, retryCount: item.retryCount });
    });
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
  }
  const stops: Array<() => Promise<void>> = [];
  for (const service of SERVICES) {
    stops.push(await service.start());
    log.debug({ service: service.name }, 'worker service started');
  }
  log.info({ jobs: JOBS.map((j) => j.name), services: SERVICES.map((s) => s.name) }, 'worker running');
  return {
    send,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => log.error({ err: error }, 'service stop failed'));
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
