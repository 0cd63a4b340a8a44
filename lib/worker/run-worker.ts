import { startBoss } from '@/lib/platform/jobs';
import { JOBS, SERVICES } from './job-registry';
import { log } from '@/lib/platform/log';

export interface RunningWorker {
  stop: () => Promise<void>;
}

/** Starts the job runner, its queues and schedules, and the long-running services. */
export async function runWorker(): Promise<RunningWorker> {
  const boss = await startBoss();
  for (const job of JOBS) {
    await boss.createQueue(job.name, job.options);
    await boss.work<object>(job.name, async (jobs) => {
      for (const item of jobs) await job.handler(item.data);
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
    async stop() {
      for (const stop of stops.reverse()) await stop().catch((error: unknown) => log.error({ err: error }, 'service stop failed'));
      await boss.stop({ graceful: true, timeout: 10_000 });
    },
  };
}
