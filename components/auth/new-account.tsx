'use client';

import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

type TCreateResult = { ok: true } | { ok: false; error: string };

/**
 * Submitting a "create an account" form (first owner, invited user): checks the repeated
 * password, runs the server action, then signs the new user in and opens the dashboard.
 */
export function useCreateAccount(create: (form: FormData, password: string) => Promise<TCreateResult>, emailOf: (form: FormData) => string) {
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
    const result = await create(form, password);
    if (!result.ok) {
      setBusy(false);
      setError(result.error);
      return;
    }
    await signIn('credentials', { email: emailOf(form), password, redirect: false });
    router.replace('/');
    router.refresh();
  }

  return { error, busy, onSubmit };
}

export function NewPasswordFields() {
  return (
    <>
      <label className="field">
        <span>Password</span>
        <input className="input" name="password" type="password" autoComplete="new-password" required minLength={10} />
        <small>At least 10 characters.</small>
      </label>
      <label className="field">
        <span>Repeat the password</span>
        <input className="input" name="confirm" type="password" autoComplete="new-password" required minLength={10} />
      </label>
    </>
  );
}
