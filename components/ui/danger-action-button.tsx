'use client';

import { useRouter } from 'next/navigation';
import { useTransition } from 'react';

type TActionResult = { ok: true } | { ok: false; error: string } | void;

/**
 * A small destructive button: asks for confirmation (when `confirm` is given), runs the server
 * action, shows its error if any, and refreshes the page's server data.
 */
export function DangerActionButton({ label, confirm, action }: { label: string; confirm?: string; action: () => Promise<TActionResult> }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      className="btn btn-small btn-danger"
      disabled={pending}
      onClick={() =>
        start(async () => {
          if (confirm && !window.confirm(confirm)) return;
          const result = await action();
          if (result && !result.ok) window.alert(result.error);
          router.refresh();
        })
      }
    >
      {label}
    </button>
  );
}
