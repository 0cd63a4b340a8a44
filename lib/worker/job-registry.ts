import type { JobDefinition, WorkerService } from '@/lib/platform/jobs';
import { heartbeatService } from './heartbeat';
import { ENRICHMENT_JOBS, enrichmentKickoffService } from '@/lib/sources';
import { imapPollerService } from '@/lib/mailboxes';
import { ipHealthJob } from '@/lib/diagnose';

// Every job and long-running service the worker runs; features add theirs here.
export const JOBS: JobDefinition[] = [...ENRICHMENT_JOBS, ipHealthJob];

export const SERVICES: WorkerService[] = [heartbeatService, imapPollerService, enrichmentKickoffService];
