'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { acceptInviteAction, acceptInviteNewUserAction } from '@/app/(auth)/invite/[token]/actions';
import { NewPasswordFields, useCreateAccount } from './new-account';

export function AcceptInviteButton({ token }: { token: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div className="form">
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      <button
        className="btn btn-primary"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const result = await acceptInviteAction(token);
          if (!result.ok) {
            setBusy(false);
            setError(result.error);
            return;
          }
          router.replace('/');
          router.refresh();
        }}
      >
        Join the organisation
      </button>
    </div>
  );
}

export function CreateAccountForm({ token, email }: { token: string; email: string }) {
  const { error, busy, onSubmit } = useCreateAccount(
    (form, password) => acceptInviteNewUserAction(token, { name: String(form.get('name') ?? ''), password }),
    () => email,
  );

  return (
    <form className="form" onSubmit={onSubmit} aria-label="Create your account">
      {error && <div className="notice notice-error" role="alert">{error}</div>}
      <label className="field">
        <span>E-mail</span>
        <input className="input" value={email} readOnly name="email" autoComplete="username" />
      </label>
      <label className="field">
        <span>Your name</span>
        <input className="input" name="name" autoComplete="name" maxLength={200} />
      </label>
      <NewPasswordFields />
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create account and join'}
      </button>
    </form>
  );
}
