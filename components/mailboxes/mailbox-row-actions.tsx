'use client';

import Link from 'next/link';
import { useState, useTransition } from 'react';
import styles from './mailboxes.module.css';
import { deleteMailboxAction, setMailboxEnabledAction } from '@/app/(dashboard)/settings/mailboxes/actions';

export function MailboxRowActions({ id, label, enabled }: { id: number; label: string; enabled: boolean }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = (action: () => Promise<{ ok: boolean; message: string }>) =>
    start(async () => {
      const result = await action();
      setError(result.ok ? null : result.message);
    });
  return (
    <div className={styles.rowActions}>
      <Link href={`/settings/mailboxes?edit=${id}`} className="btn-link">
        Edit
      </Link>
      <button type="button" className="btn-link" disabled={pending} onClick={() => run(() => setMailboxEnabledAction(id, !enabled))}>
        {enabled ? 'Pause' : 'Resume'}
      </button>
      <button
        type="button"
        className="btn-link btn-danger"
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Remove "${label}"? Reports already received stay; the mailbox is no longer read.`)) run(() => deleteMailboxAction(id));
        }}
      >
        Remove
      </button>
      {error && <span className={styles.fail}>{error}</span>}
    </div>
  );
}
