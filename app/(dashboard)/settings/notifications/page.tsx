import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { NotificationSettingsForm } from '@/components/notifications/notification-settings-form';
import { NoAccess } from '@/components/settings/no-access';
import { loadUserScope, requireActor } from '@/lib/access';
import { nextDigestSlot } from '@/lib/digests';
import { getNotificationSetting, listDigestDeliveries, listScopeDomains } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';
import { PlainTable } from '@/components/ui/plain-table';

export const metadata: Metadata = { title: 'Notifications' };

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export default async function NotificationSettingsPage() {
  await connection();
  const actor = await requireActor();
  if (!actor.userId) return <NoAccess what="Notification settings" />;
  const scope = await loadUserScope(actor.userId);
  const [setting, domains, deliveries] = await Promise.all([getNotificationSetting(actor.userId), listScopeDomains(scope), listDigestDeliveries(actor.userId)]);
  const next = setting.digestEnabled ? nextDigestSlot(setting, new Date()) : null;
  const zoned = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: setting.timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' }).format(d);
  return (
    <>
      <Panel title="Weekly digest" aside={<Link href="/settings/notifications/preview">Preview the next digest</Link>} body>
        <p className="muted" style={{ marginTop: 0 }}>
          {next ? (
            <>
              Next digest: <b>{zoned(next.at)}</b> ({setting.timeZone}), covering the 7 days before {next.asOf} (UTC).
            </>
          ) : (
            'The weekly digest is off.'
          )}
        </p>
        <NotificationSettingsForm setting={setting} domains={domains.map((d) => ({ id: d.id, name: d.name }))} timeZones={Intl.supportedValuesOf('timeZone')} />
      </Panel>
      <Panel title="Recent digests">
        {deliveries.length === 0 ? (
          <div className="panel-body muted">None sent yet.</div>
        ) : (
          <PlainTable columns={['Week from', 'Status', 'Subject', 'Sent']}>
            {deliveries.map((d) => (
              <tr key={d.weekStart.toISOString()}>
                <td>{d.weekStart.toISOString().slice(0, 10)}</td>
                <td>
                  <span className={`badge ${d.status === 'sent' ? 'badge-pass' : d.status === 'failed' ? 'badge-fail' : 'badge-warn'}`}>{d.status}</span>
                  {d.status === 'failed' && d.error && <div className="muted" style={{ fontSize: 12.5 }}>{d.error} (attempt {d.attempts}; retried automatically)</div>}
                </td>
                <td>{d.subject ?? '—'}</td>
                <td>{d.sentAt ? utc(d.sentAt) : '—'}</td>
              </tr>
            ))}
          </PlainTable>
        )}
      </Panel>
    </>
  );
}
