import type PgBoss from 'pg-boss';

/** A queued or scheduled job. Handlers are plain functions: the runner never goes through HTTP. */
export interface JobDefinition<T extends object = object> {
  name: string;
  /** Cron (UTC) for scheduled jobs; absent for jobs only sent on demand. */
  cron?: string;
  handler: (data: T) => Promise<void>;
  options?: PgBoss.Queue;
}

/** A long-running part of the worker (e.g. an IMAP IDLE loop); returns its stop function. */
export interface WorkerService {
  name: string;
  start: () => Promise<() => Promise<void>>;
}
