'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { changePasswordAction, signOutEverywhereAction } from '@/app/(dashboard)/settings/account/actions';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

export function ChangePasswordForm() {
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const field = (name: string) => String(data.get(name) ?? '');
    start(async () => {
      const result = await changePasswordAction({ current: field('current'), next: field('next'), confirm: field('confirm') });
      if (!result.ok) {
        setDone(false);
        return setError(result.error);
      }
      setError(null);
      setDone(true);
      form.reset();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Change password" style={{ maxWidth: 420 }}>
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      {done && (
        <div className="notice notice-ok" role="status">
          Password changed. Every other browser signed in to your account has been signed out.
        </div>
      )}
      <label className="field">
        <span>Current password</span>
        <input className="input" name="current" type="password" autoComplete="current-password" required />
      </label>
      <label className="field">
        <span>New password</span>
        <input className="input" name="next" type="password" autoComplete="new-password" minLength={10} required />
        <small className="muted">At least 10 characters; a few unrelated words make a good one.</small>
      </label>
      <label className="field">
        <span>New password again</span>
        <input className="input" name="confirm" type="password" autoComplete="new-password" minLength={10} required />
      </label>
      <div>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          {pending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

export function SignOutEverywhereButton() {
  const router = useRouter();
  return (
    <ConfirmDialog
      trigger={<button className="btn btn-danger">Sign out everywhere</button>}
      title="Sign out everywhere?"
      description={<p>Every browser and device signed in to your account is signed out at once, this one included. You can sign in again right away.</p>}
      confirmLabel="Sign out everywhere"
      tone="danger"
      onConfirm={async () => {
        const result = await signOutEverywhereAction();
        if (!result.ok) return result.error;
        router.replace('/login');
        router.refresh();
        return null;
      }}
    />
  );
}
