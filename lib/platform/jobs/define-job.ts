import type PgBoss from 'pg-boss';
import type { z } from 'zod';
import type { JobDefinition, TJobContext } from './types';

interface TJobSpec<T> {
  name: string;
  /** Cron (UTC) for scheduled jobs; absent for jobs only sent on demand. */
  cron?: string;
  /** What the job does, in a few words (the jobs settings page lists every job). */
  description?: string;
  run: (data: T, context: TJobContext) => Promise<unknown>;
  /** pg-boss queue options; the queue is named after the job. */
  queue: Omit<PgBoss.Queue, 'name'>;
}

/**
 * A job whose data `schema` parses before `run` sees it: queued rows are outside input
 * (anything with database access can write pgboss.job), and a bad row fails that job only.
 */
export function defineJob<T extends object>(spec: TJobSpec<T> & { schema: z.ZodType<T> }): JobDefinition;
/** A job without data (scheduled runs); what the queue hands over is ignored. */
export function defineJob(spec: TJobSpec<object>): JobDefinition;
export function defineJob<T extends object>(spec: TJobSpec<T> & { schema?: z.ZodType<T> }): JobDefinition {
  const { schema, run } = spec;
  return {
    name: spec.name,
    cron: spec.cron,
    description: spec.description,
    handler: async (data, context) => {
      // A scheduled run carries no data (null): parse it as an empty object.
      await run(schema ? schema.parse(data ?? {}) : (data as T), context);
    },
    options: { ...spec.queue, name: spec.name },
  };
}
