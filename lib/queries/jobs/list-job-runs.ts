import { prisma } from '@/lib/platform/db';

export interface TJobRun {
  name: string;
  /** Newest finished run (completed or failed), from pg-boss's live and archive tables. */
  lastRun: { state: string; startedOn: Date | null; completedOn: Date | null; output: unknown } | null;
  lastFailure: { completedOn: Date | null; output: unknown; retryCount: number } | null;
  /** Jobs waiting or running now. */
  queued: number;
  active: number;
  /** Finished in the last 7 days. */
  completed7d: number;
  failed7d: number;
  cron: string | null;
}

interface TRow {
  name: string;
  last_state: string | null;
  last_started: Date | null;
  last_completed: Date | null;
  last_output: unknown;
  fail_completed: Date | null;
  fail_output: unknown;
  fail_retries: number | null;
  queued: number;
  active: number;
  completed7d: number;
  failed7d: number;
  cron: string | null;
}

/**
 * Runs of the worker's jobs, read from pg-boss's own tables (schema pgboss: job, archive,
 * schedule). Instance-level: only the jobs settings page (admins) calls it. Empty before the
 * worker first started (the schema does not exist yet).
 */
export async function listJobRuns(names: string[]): Promise<TJobRun[]> {
  const exists = await prisma().$queryRaw<{ ok: boolean }[]>`SELECT to_regclass('pgboss.archive') IS NOT NULL AS ok`;
  if (!exists[0]?.ok || names.length === 0) return names.map((name) => ({ name, lastRun: null, lastFailure: null, queued: 0, active: 0, completed7d: 0, failed7d: 0, cron: null }));
  const rows = await prisma().$queryRaw<TRow[]>`
    WITH j AS (
      SELECT name, state::text AS state, started_on, completed_on, output, retry_count FROM pgboss.job WHERE name = ANY(${names}::text[])
      UNION ALL
      SELECT name, state::text, started_on, completed_on, output, retry_count FROM pgboss.archive WHERE name = ANY(${names}::text[])
    )
    SELECT n.name,
           last.state AS last_state, last.started_on AS last_started, last.completed_on AS last_completed, last.output AS last_output,
           fail.completed_on AS fail_completed, fail.output AS fail_output, fail.retry_count AS fail_retries,
           (SELECT count(*) FROM j WHERE j.name = n.name AND j.state IN ('created', 'retry'))::int AS queued,
           (SELECT count(*) FROM j WHERE j.name = n.name AND j.state = 'active')::int AS active,
           (SELECT count(*) FROM j WHERE j.name = n.name AND j.state = 'completed' AND j.completed_on > now() - interval '7 days')::int AS completed7d,
           (SELECT count(*) FROM j WHERE j.name = n.name AND j.state = 'failed' AND j.completed_on > now() - interval '7 days')::int AS failed7d,
           s.cron
      FROM unnest(${names}::text[]) AS n(name)
      LEFT JOIN LATERAL (
        SELECT state, started_on, completed_on, output FROM j WHERE j.name = n.name AND j.state IN ('completed', 'failed')
         ORDER BY completed_on DESC NULLS LAST LIMIT 1
      ) last ON true
      LEFT JOIN LATERAL (
        SELECT completed_on, output, retry_count FROM j WHERE j.name = n.name AND j.state = 'failed'
         ORDER BY completed_on DESC NULLS LAST LIMIT 1
      ) fail ON true
      LEFT JOIN pgboss.schedule s ON s.name = n.name`;
  return rows.map((r) => ({
    name: r.name,
    lastRun: r.last_state ? { state: r.last_state, startedOn: r.last_started, completedOn: r.last_completed, output: r.last_output } : null,
    lastFailure: r.fail_completed || r.fail_output ? { completedOn: r.fail_completed, output: r.fail_output, retryCount: r.fail_retries ?? 0 } : null,
    queued: r.queued,
    active: r.active,
    completed7d: r.completed7d,
    failed7d: r.failed7d,
    cron: r.cron,
  }));
}
