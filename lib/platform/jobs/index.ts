export { startBoss } from './boss';
export type { JobDefinition, WorkerService } from './types';
export { closeJobSender, sendJob } from './send-job';
