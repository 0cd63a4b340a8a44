'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { recheckDnsAction } from '@/app/(dashboard)/domains/[domain]/enforcement/actions';

/** "Check again": looks the domain's records up now and records any change, like the DNS watch. */
export function RecheckButton({ domain }: { domain: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();
  return (
    <span className="panel-actions">
      <span role="status" className={message ? (message.ok ? 'muted' : 'notice notice-error') : undefined}>
        {message?.text}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await recheckDnsAction(domain);
            setMessage(result.ok ? { ok: true, text: result.data.message } : { ok: false, text: result.error });
            router.refresh();
          })
        }
      >
        {pending ? 'Checking DNS…' : 'Check again'}
      </button>
    </span>
  );
}
