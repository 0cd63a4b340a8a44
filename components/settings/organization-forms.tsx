'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { createOrganizationAction } from '@/app/(dashboard)/settings/organizations/actions';

export function CreateOrganizationForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get('name') ?? '');
    start(async () => {
      const result = await createOrganizationAction(name);
      if (!result.ok) return setError(result.error);
      // The new organisation is the active one now: its first step is adding a domain.
      router.push('/settings/domains');
      router.refresh();
    });
  }
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Create an organisation">
      {error && (
        <div className="notice notice-error" role="alert">
          {error}
        </div>
      )}
      <div className="form-row">
        <label className="field" style={{ flex: 1, minWidth: 220 }}>
          <span>Name</span>
          <input className="input" name="name" required minLength={2} maxLength={100} placeholder="e.g. Example Ltd" />
        </label>
        <button className="btn btn-primary" type="submit" disabled={pending}>
          {pending ? 'Creating…' : 'Create organisation'}
        </button>
      </div>
    </form>
  );
}
