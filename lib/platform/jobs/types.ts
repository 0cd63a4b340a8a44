import type PgBoss from 'pg-boss';

/** What a running job may do besides its work: queue other jobs (e.g. one send per user). */
export interface TJobContext {
  send: (name: string, data: object, options?: PgBoss.SendOptions) => Promise<string | null>;
  /** The pg-boss job id and how many times it was retried before (0 on the first attempt). */
  jobId: string;
  retryCount: number;
}

/** A queued or scheduled job. Handlers are plain functions: the runner never goes through HTTP. */
export interface JobDefinition<T extends object = object> {
  name: string;
  /** Cron (UTC) for scheduled jobs; absent for jobs only sent on demand. */
  cron?: string;
  /** What the job does, in a few words (the jobs settings page lists every job). */
  description?: string;
  handler: (data: T, context: TJobContext) => Promise<void>;
  options?: PgBoss.Queue;
}

/** A long-running part of the worker (e.g. an IMAP IDLE loop); returns its stop function. */
export interface WorkerService {
  name: string;
  start: () => Promise<() => Promise<void>>;
}
