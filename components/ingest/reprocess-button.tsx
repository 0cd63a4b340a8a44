'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { reprocessInputAction } from '@/app/(dashboard)/ingest/actions';

/** "Re-process" for one failed input: runs it again from its stored bytes and says how it went. */
export function ReprocessButton({ id, name }: { id: string; name: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <span className="decision-buttons">
      <button
        type="button"
        className="btn btn-small"
        disabled={pending}
        aria-label={`Re-process ${name}`}
        onClick={() =>
          start(async () => {
            const result = await reprocessInputAction(id);
            if (!result.ok) return setMessage({ ok: false, text: result.error });
            const { status, error } = result.data;
            setMessage({ ok: status !== 'failed', text: status === 'failed' ? `Still failing: ${error ?? 'unknown reason'}` : `Now ${status.replace('_', ' ')}` });
            router.refresh();
          })
        }
      >
        {pending ? 'Re-processing…' : 'Re-process'}
      </button>
      {message && (
        <span className={message.ok ? 'badge badge-pass' : 'badge badge-fail'} role="status">
          {message.text}
        </span>
      )}
    </span>
  );
}
