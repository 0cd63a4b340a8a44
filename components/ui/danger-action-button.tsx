'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ConfirmDialog } from './confirm-dialog';

type TActionResult = { ok: true } | { ok: false; error: string } | void;

/**
 * A small destructive button: asks in a dialog first (when `confirm` is given: the question, and
 * the button's label confirms), runs the server action, shows its error if any, and refreshes the
 * page's server data.
 */
export function DangerActionButton({ label, confirm, action }: { label: string; confirm?: string; action: () => Promise<TActionResult> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const run = async (): Promise<string | null> => {
    const result = await action();
    if (result && !result.ok) return result.error;
    router.refresh();
    return null;
  };
  if (confirm) {
    return (
      <ConfirmDialog
        trigger={<button className="btn btn-small btn-danger">{label}</button>}
        title={`${label}?`}
        description={<p>{confirm}</p>}
        confirmLabel={label}
        tone="danger"
        onConfirm={run}
      />
    );
  }
  return (
    <>
      <button className="btn btn-small btn-danger" disabled={pending} onClick={() => start(async () => setError(await run()))}>
        {label}
      </button>
      {error && (
        <span className="badge badge-fail" role="alert">
          {error}
        </span>
      )}
    </>
  );
}
