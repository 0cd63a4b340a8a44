import type { Metadata } from 'next';
import { connection } from 'next/server';
import { EmptyState } from '@/components/ui/empty-state';
import { requireActor } from '@/lib/access';
import { listAlertHistory } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Alert history' };

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const SEVERITY_BADGE: Record<string, string> = { critical: 'badge-fail', warning: 'badge-warn', info: 'badge-muted' };
const DELIVERY_BADGE: Record<string, string> = { sent: 'badge-pass', failed: 'badge-fail', pending: 'badge-warn' };

export default async function AlertHistoryPage() {
  await connection();
  const actor = await requireActor();
  const events = await listAlertHistory(actor.scope, actor.organizationId, { take: 100 });
  return (
    <Panel title="Alert history" aside={<span className="muted">The latest 100 alerts of {actor.organizationName}</span>}>
      {events.length === 0 ? (
        <EmptyState title="No alerts yet">
          <p>Alerts raised by this organisation’s rules appear here, with where each was delivered.</p>
        </EmptyState>
      ) : (
        <PlainTable columns={['When', 'Severity', 'Alert', 'Delivery']} scroll>
          {events.map((e) => (
            <tr key={e.id.toString()}>
              <td style={{ whiteSpace: 'nowrap' }}>{utc(e.createdAt)}</td>
              <td>
                <span className={`badge ${SEVERITY_BADGE[e.severity] ?? 'badge-muted'}`}>{e.severity}</span>
              </td>
              <td>
                {e.title}
                <div className="muted" style={{ fontSize: 12.5 }}>
                  {e.kind}
                  {e.occurredAt.getTime() !== e.createdAt.getTime() ? ` · occurred ${utc(e.occurredAt)}` : ''}
                </div>
              </td>
              <td>
                {e.status === 'suppressed' ? (
                  <span className="badge badge-muted" title="The same condition was alerted within the rule's cooldown">
                    held back (cooldown)
                  </span>
                ) : e.deliveries.length === 0 ? (
                  <span className="muted">no recipient</span>
                ) : (
                  e.deliveries.map((d) => (
                    <div key={d.id.toString()} style={{ fontSize: 13 }}>
                      <span className={`badge ${DELIVERY_BADGE[d.status] ?? 'badge-muted'}`}>{d.status}</span> {d.channel === 'email' ? d.target : `webhook “${d.target}”`}
                      {d.status !== 'sent' && d.attempts > 0 && <span className="muted"> · {d.attempts} attempt{d.attempts === 1 ? '' : 's'}</span>}
                      {d.lastError && d.status !== 'sent' && <div className="muted" style={{ fontSize: 12 }}>{d.lastError}</div>}
                    </div>
                  ))
                )}
              </td>
            </tr>
          ))}
        </PlainTable>
      )}
    </Panel>
  );
}
