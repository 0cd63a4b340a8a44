import type { JobDefinition, WorkerService } from './types';
import { heartbeatService } from '@/lib/worker/heartbeat';
import { ENRICHMENT_JOBS, enrichmentKickoffService } from '@/lib/enrichment/jobs';
import { imapPollerService } from '@/lib/imap/poller-service';

// Every job and long-running service the worker runs; features add theirs here.
export const JOBS: JobDefinition[] = [...ENRICHMENT_JOBS];

export const SERVICES: WorkerService[] = [heartbeatService, imapPollerService, enrichmentKickoffService];
