import type { JobDefinition, WorkerService } from '@/lib/platform/jobs';
import { heartbeatService } from './heartbeat';
import { ENRICHMENT_JOBS, enrichmentKickoffService } from '@/lib/sources';
import { imapPollerService } from '@/lib/mailboxes';
import { INGEST_JOBS, ingestMaintenanceKickoff } from '@/lib/ingest';

// Every job and long-running service the worker runs; features add theirs here.
export const JOBS: JobDefinition[] = [...ENRICHMENT_JOBS, ...INGEST_JOBS];

export const SERVICES: WorkerService[] = [heartbeatService, imapPollerService, enrichmentKickoffService, ingestMaintenanceKickoff];
