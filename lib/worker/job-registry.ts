import type { JobDefinition, WorkerService } from '@/lib/platform/jobs';
import { heartbeatService } from './heartbeat';
import { ENRICHMENT_JOBS, enrichmentKickoffService } from '@/lib/sources';
import { imapPollerService } from '@/lib/mailboxes';
import { dnsWatchJob } from '@/lib/enforcement';
import { DIGEST_JOBS } from '@/lib/digests';
import { ALERT_JOBS } from '@/lib/alerts';
import { INGEST_JOBS, ingestMaintenanceKickoff, setAsideExpiryJob } from '@/lib/ingest';
import { ipHealthJob } from '@/lib/diagnose';
import { querySnapshotJob } from '@/lib/queries';

// Every job and long-running service the worker runs; features add theirs here.
export const JOBS: JobDefinition[] = [...ENRICHMENT_JOBS, ...INGEST_JOBS, ...DIGEST_JOBS, ...ALERT_JOBS, dnsWatchJob, ipHealthJob, setAsideExpiryJob, querySnapshotJob];

export const SERVICES: WorkerService[] = [heartbeatService, imapPollerService, enrichmentKickoffService, ingestMaintenanceKickoff];
