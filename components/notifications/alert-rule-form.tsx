'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { createAlertRuleAction } from '@/app/(dashboard)/settings/notification-actions';
import type { TRuleField } from '@/lib/alerts';
import type { TAlertKind } from '@/lib/notify';

interface TProps {
  kinds: { kind: TAlertKind; label: string; fields: TRuleField[]; defaults: Record<string, unknown> }[];
  domains: { id: number; name: string }[];
  webhooks: { id: number; name: string }[];
}

function readParams(data: FormData, fields: TRuleField[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const f of fields) {
    const raw = data.get(`p.${f.key}`);
    if (f.type === 'boolean') params[f.key] = raw === 'on';
    else if (f.type === 'records') params[f.key] = data.getAll(`p.${f.key}`).map(String);
    else if (f.type === 'percent') params[f.key] = Number(raw) / 100;
    else params[f.key] = Number(raw);
  }
  return params;
}

export function AlertRuleForm({ kinds, domains, webhooks }: TProps) {
  const router = useRouter();
  const [kind, setKind] = useState<TAlertKind>(kinds[0].kind);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const spec = kinds.find((k) => k.kind === kind)!;
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const result = await createAlertRuleAction({
        kind,
        params: readParams(data, spec.fields),
        domainIds: data.getAll('domainIds').map(Number),
        emailTo: String(data.get('emailTo')) as 'admins' | 'members' | 'none',
        webhookIds: data.getAll('webhookIds').map(Number),
        cooldownMinutes: Math.round(Number(data.get('cooldownHours')) * 60),
      });
      if (!result.ok) return setError(result.error);
      setError(null);
      router.refresh();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add an alert rule">
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      <div className="form-row">
        <label className="field" style={{ minWidth: 260 }}>
          <span>When</span>
          <select className="select" name="kind" value={kind} onChange={(e) => setKind(e.target.value as TAlertKind)}>
            {kinds.map((k) => (
              <option key={k.kind} value={k.kind}>
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {spec.fields.map((f) =>
          f.type === 'boolean' ? (
            <label key={`${kind}.${f.key}`} style={{ display: 'flex', alignItems: 'center', gap: 6, fontSize: 14, paddingBottom: 8 }}>
              <input type="checkbox" name={`p.${f.key}`} defaultChecked={Boolean(spec.defaults[f.key])} />
              {f.label}
            </label>
          ) : f.type === 'records' ? (
            <fieldset key={`${kind}.${f.key}`} className="field" style={{ border: 0, padding: 0, margin: 0 }}>
              <legend>{f.label}</legend>
              {['dmarc', 'spf'].map((r) => (
                <label key={r} style={{ marginRight: 12 }}>
                  <input type="checkbox" name={`p.${f.key}`} value={r} defaultChecked /> {r.toUpperCase()}
                </label>
              ))}
            </fieldset>
          ) : (
            <label key={`${kind}.${f.key}`} className="field" style={{ width: 170 }}>
              <span>{f.label}</span>
              <input
                className="input"
                type="number"
                name={`p.${f.key}`}
                step={f.type === 'int' ? 1 : 0.1}
                min={0}
                defaultValue={f.type === 'percent' ? Math.round(Number(spec.defaults[f.key]) * 1000) / 10 : String(spec.defaults[f.key])}
              />
            </label>
          ),
        )}
      </div>
      <div className="form-row">
        <label className="field">
          <span>E-mail</span>
          <select className="select" name="emailTo" defaultValue="admins">
            <option value="admins">owners and admins</option>
            <option value="members">every member who sees the domain</option>
            <option value="none">nobody (webhooks only)</option>
          </select>
        </label>
        <label className="field" style={{ width: 170 }}>
          <span>Cooldown (hours)</span>
          <input className="input" type="number" name="cooldownHours" min={0} step={0.5} defaultValue={24} />
        </label>
        {webhooks.length > 0 && (
          <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
            <legend>Webhooks</legend>
            {webhooks.map((w) => (
              <label key={w.id} style={{ marginRight: 12 }}>
                <input type="checkbox" name="webhookIds" value={w.id} /> {w.name}
              </label>
            ))}
          </fieldset>
        )}
      </div>
      {domains.length > 1 && kind !== 'ingest_failures' && (
        <fieldset className="field" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>Domains (none ticked: all, including domains added later)</legend>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 16px' }}>
            {domains.map((d) => (
              <label key={d.id}>
                <input type="checkbox" name="domainIds" value={d.id} /> {d.name}
              </label>
            ))}
          </div>
        </fieldset>
      )}
      <div>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          Add rule
        </button>
      </div>
    </form>
  );
}
