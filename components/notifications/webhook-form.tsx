'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { createWebhookAction } from '@/app/(dashboard)/settings/notification-actions';

export function WebhookForm() {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const name = String(data.get('name') ?? '');
    start(async () => {
      const result = await createWebhookAction({ name, url: String(data.get('url') ?? ''), format: data.get('format') === 'slack' ? 'slack' : 'json' });
      if (!result.ok) return setError(result.error);
      setError(null);
      setCreated({ name, secret: result.data.secret });
      form.reset();
      router.refresh();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add a webhook">
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      {created && (
        <div className="notice notice-ok" role="status">
          Signing secret of “{created.name}” — copy it now, it is not shown again (verify the <code>Atlas-Signature</code> header with it):
          <div className="copy" style={{ marginTop: 6 }} data-testid="webhook-secret">
            {created.secret}
          </div>
        </div>
      )}
      <div className="form-row">
        <label className="field" style={{ width: 200 }}>
          <span>Name</span>
          <input className="input" name="name" required maxLength={80} placeholder="e.g. ops channel" />
        </label>
        <label className="field" style={{ flex: 1, minWidth: 260 }}>
          <span>URL</span>
          <input className="input" name="url" type="url" required maxLength={2000} placeholder="https://hooks.example.com/atlas" />
        </label>
        <label className="field">
          <span>Format</span>
          <select className="select" name="format" defaultValue="json">
            <option value="json">JSON (dmarc-atlas.alert.v1)</option>
            <option value="slack">Slack-compatible</option>
          </select>
        </label>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          Add webhook
        </button>
      </div>
    </form>
  );
}
