export { startBoss } from './boss';
export type { JobDefinition, TJobContext, WorkerService } from './types';
export { nextCronRun } from './next-run';
export { closeJobSender, sendJob } from './send-job';
export { defineJob } from './define-job';
export { WORKER_APPLICATION_NAME } from './worker-session';
