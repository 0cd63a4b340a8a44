export { startBoss } from './boss';
export type { JobDefinition, WorkerService } from './types';
export { sendJob } from './send-job';
