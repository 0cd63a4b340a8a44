'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { changeRoleAction, inviteMemberAction, removeMemberAction, revokeInviteAction, setDomainGrantsAction } from '@/app/(dashboard)/settings/actions';
import type { TRole } from '@/lib/access';
import { DangerActionButton } from '@/components/ui/danger-action-button';

type TDomainOption = { id: number; name: string };

function DomainChecklist({ domains, selected, name }: { domains: TDomainOption[]; selected: number[]; name: string }) {
  if (domains.length === 0) return <small className="muted">No domains yet.</small>;
  return (
    <div style={{ display: 'flex', flexWrap: 'wrap', gap: '6px 14px' }}>
      {domains.map((d) => (
        <label key={d.id} style={{ display: 'inline-flex', gap: 6, alignItems: 'center', fontSize: 14 }}>
          <input type="checkbox" name={name} value={d.id} defaultChecked={selected.includes(d.id)} />
          {d.name}
        </label>
      ))}
    </div>
  );
}

export function InviteForm({ domains, canInviteOwners }: { domains: TDomainOption[]; canInviteOwners: boolean }) {
  const router = useRouter();
  const [role, setRole] = useState<TRole>('viewer');
  const [result, setResult] = useState<{ ok: boolean; text: string; url?: string } | null>(null);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    start(async () => {
      const response = await inviteMemberAction({
        email: String(data.get('email') ?? ''),
        role,
        domainIds: data.getAll('domains').map(Number),
      });
      if (!response.ok) return setResult({ ok: false, text: response.error });
      setResult({
        ok: true,
        text: response.data.mailed ? `Invitation e-mailed to ${response.data.email}. You can also send the link yourself:` : `Send this link to ${response.data.email} (it is shown once):`,
        url: response.data.url,
      });
      form.reset();
      setRole('viewer');
      router.refresh();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Invite a member">
      {result && (
        <div className={`notice ${result.ok ? 'notice-ok' : 'notice-error'}`} role="status">
          {result.text}
          {result.url && <div className="copy" style={{ marginTop: 6 }} data-testid="invite-url">{result.url}</div>}
        </div>
      )}
      <div className="form-row">
        <label className="field" style={{ flex: 1, minWidth: 220 }}>
          <span>E-mail</span>
          <input className="input" type="email" name="email" required />
        </label>
        <label className="field">
          <span>Role</span>
          <select className="select" name="role" value={role} onChange={(e) => setRole(e.target.value as TRole)}>
            <option value="viewer">Viewer</option>
            <option value="admin">Admin</option>
            {canInviteOwners && <option value="owner">Owner</option>}
          </select>
        </label>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          Invite
        </button>
      </div>
      {role === 'viewer' && (
        <div className="field">
          <span>Domains this viewer sees</span>
          <DomainChecklist domains={domains} selected={[]} name="domains" />
        </div>
      )}
    </form>
  );
}

export function MemberControls(props: {
  membershipId: number;
  email: string;
  role: TRole;
  domainIds: number[];
  domains: TDomainOption[];
  canManageOwners: boolean;
  isSelf: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [editingDomains, setEditingDomains] = useState(false);
  const [pending, start] = useTransition();
  const locked = props.role === 'owner' && !props.canManageOwners;
  const run = (fn: () => Promise<{ ok: true } | { ok: false; error: string }>) =>
    start(async () => {
      const result = await fn();
      if (!result.ok) setError(result.error);
      else {
        setError(null);
        setEditingDomains(false);
      }
      router.refresh();
    });
  return (
    <div className="form" style={{ gap: 8 }}>
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      <div className="form-row">
        <select
          className="select"
          aria-label={`Role of ${props.email}`}
          value={props.role}
          disabled={pending || locked}
          onChange={(e) => run(() => changeRoleAction(props.membershipId, e.target.value as TRole))}
        >
          {(props.canManageOwners || props.role === 'owner') && <option value="owner">Owner</option>}
          <option value="admin">Admin</option>
          <option value="viewer">Viewer</option>
        </select>
        {props.role === 'viewer' && (
          <button className="btn btn-small" type="button" onClick={() => setEditingDomains((v) => !v)}>
            Domains…
          </button>
        )}
        {!locked && (
          <button
            className="btn btn-small btn-danger"
            type="button"
            disabled={pending}
            onClick={() => {
              if (window.confirm(props.isSelf ? 'Leave this organisation?' : `Remove ${props.email} from this organisation?`)) run(() => removeMemberAction(props.membershipId));
            }}
          >
            {props.isSelf ? 'Leave' : 'Remove'}
          </button>
        )}
      </div>
      {editingDomains && (
        <form
          className="form"
          style={{ gap: 8 }}
          onSubmit={(event) => {
            event.preventDefault();
            const ids = new FormData(event.currentTarget).getAll('grant').map(Number);
            run(() => setDomainGrantsAction(props.membershipId, ids));
          }}
        >
          <DomainChecklist domains={props.domains} selected={props.domainIds} name="grant" />
          <div>
            <button className="btn btn-small btn-primary" type="submit" disabled={pending}>
              Save domains
            </button>
          </div>
        </form>
      )}
    </div>
  );
}

export function RevokeInviteButton({ inviteId }: { inviteId: number }) {
  return (
    <DangerActionButton
      label="Withdraw"
      action={() => revokeInviteAction(inviteId)}
    />
  );
}
