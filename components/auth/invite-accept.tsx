'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { acceptInviteAction, acceptInviteNewUserAction } from '@/app/(auth)/invite/[token]/actions';

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
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await acceptInviteNewUserAction(token, { name: String(form.get('name') ?? ''), password });
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    await signIn('credentials', { email, password, redirect: false });
    router.replace('/');
    router.refresh();
  }

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
      <label className="field">
        <span>Password</span>
        <input className="input" name="password" type="password" autoComplete="new-password" required minLength={10} />
        <small>At least 10 characters.</small>
      </label>
      <label className="field">
        <span>Repeat the password</span>
        <input className="input" name="confirm" type="password" autoComplete="new-password" required minLength={10} />
      </label>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create account and join'}
      </button>
    </form>
  );
}
