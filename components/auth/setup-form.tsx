'use client';

import { createFirstOwnerAction } from '@/app/(auth)/setup/actions';
import { NewPasswordFields, useCreateAccount } from './new-account';

export function SetupForm() {
  const { error, busy, onSubmit } = useCreateAccount(
    (form, password) =>
      createFirstOwnerAction({
        email: String(form.get('email') ?? ''),
        password,
        name: String(form.get('name') ?? ''),
        organization: String(form.get('organization') ?? ''),
      }),
    (form) => String(form.get('email') ?? ''),
  );

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
      <NewPasswordFields />
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? 'Creating…' : 'Create owner account'}
      </button>
    </form>
  );
}
