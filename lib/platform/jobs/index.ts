export { startBoss } from './boss';
export type { JobDefinition, WorkerService } from './types';
