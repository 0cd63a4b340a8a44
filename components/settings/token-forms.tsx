'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { createTokenAction, revokeTokenAction } from '@/app/(dashboard)/settings/actions';
import type { TTokenScope } from '@/lib/access';
import { DangerActionButton } from '@/components/ui/danger-action-button';

export function CreateTokenForm() {
  const router = useRouter();
  const [created, setCreated] = useState<{ token: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = Number(data.get('expires') ?? 0);
    start(async () => {
      const result = await createTokenAction({ name: String(data.get('name') ?? ''), scope: String(data.get('scope')) as TTokenScope, expiresInDays: days > 0 ? days : undefined });
      if (!result.ok) return setError(result.error);
      setError(null);
      setCreated({ token: result.data.token, name: result.data.name });
      form.reset();
      router.refresh();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Create an API token">
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      {created && (
        <div className="notice notice-ok" role="status">
          Token “{created.name}” — copy it now, it is not shown again:
          <div className="copy" style={{ marginTop: 6 }} data-testid="new-token">{created.token}</div>
        </div>
      )}
      <div className="form-row">
        <label className="field" style={{ flex: 1, minWidth: 200 }}>
          <span>Name</span>
          <input className="input" name="name" required maxLength={100} placeholder="e.g. mail gateway upload" />
        </label>
        <label className="field">
          <span>Scope</span>
          <select className="select" name="scope" defaultValue="read">
            <option value="read">read — query reports and stats</option>
            <option value="ingest">ingest — upload reports</option>
          </select>
        </label>
        <label className="field">
          <span>Expires</span>
          <select className="select" name="expires" defaultValue="0">
            <option value="0">never</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
          </select>
        </label>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          Create token
        </button>
      </div>
    </form>
  );
}

export function RevokeTokenButton({ tokenId, name }: { tokenId: number; name: string }) {
  return (
    <DangerActionButton
      label="Revoke"
      confirm={`Revoke “${name}”? Clients using it stop working at once.`}
      action={() => revokeTokenAction(tokenId)}
    />
  );
}
