'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { claimDomainAction, removeDomainAction, removeDomainClaimAction, verifyDomainAction } from '@/app/(dashboard)/settings/domains/actions';
import { DangerActionButton } from '@/components/ui/danger-action-button';

export function AddDomainForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get('domain') ?? '');
    start(async () => {
      const result = await claimDomainAction(name);
      if (!result.ok) return setError(result.error);
      setError(null);
      form.reset();
      router.refresh();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Add a domain">
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      <div className="form-row">
        <label className="field" style={{ flex: 1, minWidth: 240 }}>
          <span>Domain</span>
          <input className="input" name="domain" placeholder="example.com" required maxLength={253} />
        </label>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          Add domain
        </button>
      </div>
    </form>
  );
}

export function VerifyClaimButtons({ claimId, name }: { claimId: number; name: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="form">
      {message && <div className={`notice ${message.ok ? 'notice-ok' : 'notice-error'}`} role="status">{message.text}</div>}
      <div className="form-row">
        <button
          className="btn btn-primary btn-small"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const result = await verifyDomainAction(claimId);
              if (!result.ok) return setMessage({ ok: false, text: result.error });
              setMessage(
                result.data.verified
                  ? { ok: true, text: `${name} is verified${result.data.attachedReports ? `; ${result.data.attachedReports} report(s) received earlier joined it` : ''}.` }
                  : { ok: false, text: result.data.reason },
              );
              router.refresh();
            })
          }
        >
          {pending ? 'Checking DNS…' : 'Check DNS now'}
        </button>
        <button
          className="btn btn-small btn-danger"
          disabled={pending}
          onClick={() =>
            start(async () => {
              if (!window.confirm(`Stop adding ${name}?`)) return;
              const result = await removeDomainClaimAction(claimId);
              if (!result.ok) return setMessage({ ok: false, text: result.error });
              router.refresh();
            })
          }
        >
          Cancel
        </button>
      </div>
    </div>
  );
}

export function RemoveDomainButton({ domainId, name }: { domainId: number; name: string }) {
  return (
    <DangerActionButton
      label="Remove"
      confirm={`Remove ${name}? Its reports are kept but set aside until the domain is verified again.`}
      action={() => removeDomainAction(domainId)}
    />
  );
}
