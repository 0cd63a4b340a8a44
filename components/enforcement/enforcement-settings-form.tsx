'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { saveEnforcementSettingsAction } from '@/app/(dashboard)/settings/enforcement/actions';
import type { TEnforcementSettings } from '@/lib/enforcement';

const pct = (share: number) => String(Math.round(share * 100_000) / 1000);

/** The gate thresholds of the organisation; read-only for viewers. */
export function EnforcementSettingsForm({ settings, canEdit }: { settings: TEnforcementSettings; canEdit: boolean }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries([...new FormData(event.currentTarget)].map(([k, v]) => [k, String(v)]));
    start(async () => {
      const result = await saveEnforcementSettingsAction(values);
      setMessage(result.ok ? { ok: true, text: 'Saved. The wizard uses the new thresholds now.' } : { ok: false, text: result.error });
      router.refresh();
    });
  }
  const field = (name: string, label: string, value: string, hint: string, props: { min?: number; max?: number; step?: string } = {}) => (
    <label className="field" style={{ flex: '1 1 220px' }}>
      <span>{label}</span>
      <input className="input" name={name} type="number" defaultValue={value} required disabled={!canEdit} {...props} />
      <small className="muted">{hint}</small>
    </label>
  );
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Enforcement thresholds">
      {message && (
        <div className={`notice ${message.ok ? 'notice-ok' : 'notice-error'}`} role="status">
          {message.text}
        </div>
      )}
      <div className="form-row">
        {field('passPct', 'Authorised mail passing DMARC (%)', pct(settings.passShare), 'at least this share of authorised volume', { min: 50, max: 100, step: '0.1' })}
        {field('windowDays', 'Gate window (days)', String(settings.windowDays), 'the gates look at this many days', { min: 1, max: 90 })}
      </div>
      <div className="form-row">
        {field('maxFailingSourcePct', 'Largest failing source (% of volume)', pct(settings.maxFailingSourceShare), 'no authorised source may fail on more', { min: 0, max: 50, step: '0.1' })}
        {field('minDkimPct', 'Aligned DKIM per authorised source (%)', pct(settings.minDkimShare), 'each authorised source signs at least this share', { min: 0, max: 100, step: '0.1' })}
      </div>
      <div className="form-row">
        {field('minDaysAtStage', 'Days at a stage', String(settings.minDaysAtStage), 'before the next one', { min: 0, max: 365 })}
        {field('minMessages', 'Reported messages', String(settings.minMessages), 'at least this many in the window', { min: 0 })}
        {field('testingPct', 'pct of the testing stages', String(settings.testingPct), 'RFC 7489 receivers apply the policy to this share', { min: 1, max: 99 })}
      </div>
      <div className="form-row">
        <label className="field" style={{ flex: '2 1 320px' }}>
          <span>Major reporters (one per line: “Label: pattern|pattern”)</span>
          <textarea className="input" name="majorReporters" rows={4} defaultValue={settings.majorReporters.join('\n')} disabled={!canEdit} />
          <small className="muted">a reporter counts when a pattern is in its name or address</small>
        </label>
        {field('minMajorReporters', 'Of which at least', String(settings.minMajorReporters), 'must have reported in the window', { min: 0, max: 20 })}
      </div>
      {canEdit && (
        <div>
          <button className="btn btn-primary" type="submit" disabled={pending}>
            {pending ? 'Saving…' : 'Save thresholds'}
          </button>
        </div>
      )}
    </form>
  );
}
