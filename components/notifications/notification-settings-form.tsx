'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { saveNotificationSettingAction } from '@/app/(dashboard)/settings/notification-actions';
import type { TNotificationSetting } from '@/lib/queries';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export function NotificationSettingsForm({ setting, domains, timeZones }: { setting: TNotificationSetting; domains: { id: number; name: string }[]; timeZones: string[] }) {
  const router = useRouter();
  const [mode, setMode] = useState(setting.digestDomains);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    start(async () => {
      const result = await saveNotificationSettingAction({
        digestEnabled: data.get('digestEnabled') === 'on',
        digestWeekday: Number(data.get('digestWeekday')),
        digestHour: Number(data.get('digestHour')),
        timeZone: String(data.get('timeZone')),
        digestDomains: mode,
        digestDomainIds: data.getAll('digestDomainIds').map(Number),
        alertEmails: data.get('alertEmails') === 'on',
      });
      setMessage(result.ok ? { ok: true, text: 'Saved.' } : { ok: false, text: result.error });
      if (result.ok) router.refresh();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Notification settings">
      {message && (
        <div className={`notice ${message.ok ? 'notice-ok' : 'notice-error'}`} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </div>
      )}
      <label style={{ display: 'flex', alignItems: 'center', gap: 8, fontWeight: 600 }}>
        <input type="checkbox" name="digestEnabled" defaultChecked={setting.digestEnabled} />
        Send me the weekly digest
      </label>
      <div className="form-row">
        <label className="field">
          <span>Day</span>
          <select className="select" name="digestWeekday" defaultValue={setting.digestWeekday}>
            {WEEKDAYS.map((day, i) => (
              <option key={day} value={i}>
                {day}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Hour</span>
          <select className="select" name="digestHour" defaultValue={setting.digestHour}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                {String(h).padStart(2, '0')}:00
              </option>
            ))}
          </select>
        </label>
        <label className="field" style={{ flex: 1, minWidth: 220 }}>
          <span>Time zone</span>
          <select className="select" name="timeZone" defaultValue={setting.timeZone}>
            {timeZones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
        <legend style={{ marginBottom: 6, fontWeight: 600 }}>Domains in the digest</legend>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <input type="radio" name="mode" checked={mode === 'all'} onChange={() => setMode('all')} />
          All domains I can see ({domains.length}), with an overview table first
        </label>
        <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <input type="radio" name="mode" checked={mode === 'chosen'} onChange={() => setMode('chosen')} />
          Only these:
        </label>
        {mode === 'chosen' && (
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px', paddingLeft: 24 }}>
            {domains.map((d) => (
              <label key={d.id} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                <input type="checkbox" name="digestDomainIds" value={d.id} defaultChecked={setting.digestDomainIds.includes(d.id)} />
                {d.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <label style={{ display: 'flex', alignItems: 'center', gap: 8, fontWeight: 600 }}>
        <input type="checkbox" name="alertEmails" defaultChecked={setting.alertEmails} />
        Send me alert e-mails (when my organisation’s alert rules address me)
      </label>
      <div>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          Save
        </button>
      </div>
    </form>
  );
}
