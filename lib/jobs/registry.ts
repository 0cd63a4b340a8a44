import type { JobDefinition, WorkerService } from './types';
import { heartbeatService } from '@/lib/worker/heartbeat';

// Every job and long-running service the worker runs; features add theirs here.
export const JOBS: JobDefinition[] = [];

export const SERVICES: WorkerService[] = [heartbeatService];
