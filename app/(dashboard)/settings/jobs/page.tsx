import type { Metadata } from 'next';
import { connection } from 'next/server';
import { NoAccess } from '@/components/settings/no-access';
import { actorCan, requireActor } from '@/lib/access';
import { nextCronRun } from '@/lib/platform/jobs';
import { listJobRuns } from '@/lib/queries';
import { JOBS } from '@/lib/worker';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Scheduled jobs' };

const utc = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '—');

/** pg-boss stores a failed handler's error as {message, stack}; show the message only. */
function errorText(output: unknown): string | null {
  if (output && typeof output === 'object' && 'message' in output) return String((output as { message: unknown }).message).slice(0, 300);
  return output ? JSON.stringify(output).slice(0, 300) : null;
}

export default async function JobsSettingsPage() {
  await connection();
  const actor = await requireActor();
  if (!actorCan(actor, 'alerts.manage')) return <NoAccess what="The job schedule" />;
  const runs = new Map((await listJobRuns(JOBS.map((j) => j.name))).map((r) => [r.name, r]));
  const now = new Date();
  return (
    <Panel title="Scheduled jobs" aside={<span className="muted">Run by the worker (pg-boss); several workers share them, each run happens once</span>}>
      <PlainTable columns={['Job', 'Schedule (UTC)', 'Last run', 'Next run', 'Last 7 days', 'Now']} scroll>
        {JOBS.map((job) => {
          const run = runs.get(job.name);
          const failure = run?.lastFailure;
          return (
            <tr key={job.name}>
              <td>
                <b>{job.name}</b>
                {job.description && <div className="muted" style={{ fontSize: 12.5 }}>{job.description}</div>}
              </td>
              <td style={{ whiteSpace: 'nowrap' }}>{job.cron ? <code>{job.cron}</code> : <span className="muted">on demand</span>}</td>
              <td style={{ minWidth: 170 }}>
                {run?.lastRun ? (
                  <>
                    <span className={`badge ${run.lastRun.state === 'completed' ? 'badge-pass' : 'badge-fail'}`}>{run.lastRun.state}</span> {utc(run.lastRun.completedOn)}
                  </>
                ) : (
                  <span className="muted">never</span>
                )}
                {failure && (
                  <div className="muted" style={{ fontSize: 12.5 }}>
                    last failure {utc(failure.completedOn)}
                    {/* Error texts can name other organisations' addresses: the operator's only. */}
                    {actor.isInstanceAdmin && errorText(failure.output) ? `: ${errorText(failure.output)}` : ''}
                  </div>
                )}
              </td>
              <td style={{ whiteSpace: 'nowrap' }}>{job.cron ? utc(nextCronRun(job.cron, now)) : '—'}</td>
              <td>
                {run?.completed7d ?? 0} done
                {run?.failed7d ? (
                  <>
                    , <span className="badge badge-fail">{run.failed7d} failed</span>
                  </>
                ) : null}
              </td>
              <td>{run ? `${run.active} running, ${run.queued} waiting` : '—'}</td>
            </tr>
          );
        })}
      </PlainTable>
    </Panel>
  );
}
