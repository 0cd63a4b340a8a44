'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createFirstOwnerAction } from '@/app/(auth)/setup/actions';

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError('The two passwords differ.');
      return;
    }
    setBusy(true);
    setError(null);
    const result = await createFirstOwnerAction({ email, password, name: String(form.get('name') ?? ''), organization: String(form.get('organization') ?? '') });
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
    <form className="form" onSubmit={onSubmit} aria-label="Create the first owner">
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      <label className="field">
        <span>Organisation</span>
        <input className="input" name="organization" required maxLength={200} placeholder="Example Inc" />
      </label>
      <label className="field">
        <span>Your name</span>
        <input className="input" name="name" autoComplete="name" maxLength={200} />
      </label>
      <label className="field">
        <span>E-mail</span>
        <input className="input" name="email" type="email" autoComplete="username" required />
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
        {busy ? 'Creating…' : 'Create owner account'}
      </button>
    </form>
  );
}
