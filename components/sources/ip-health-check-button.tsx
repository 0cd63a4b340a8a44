'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { checkIpHealthAction } from '@/app/(dashboard)/domains/[domain]/sources/actions';

/** How long the page keeps refreshing itself after queuing a check, and how often. */
const FOLLOW_MS = 3 * 60_000;
const EVERY_MS = 10_000;

/**
 * "Check blocklists now": queues the worker's FCrDNS/DNSBL check of the domain's authorised
 * sources, then refreshes the page for a few minutes so that new listings show up.
 */
export function IpHealthCheckButton({ domain, lastCheckedAt }: { domain: string; lastCheckedAt: string | null }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ tone: 'ok' | 'info' | 'error'; text: string } | null>(null);
  const [following, setFollowing] = useState(false);

  useEffect(() => {
    if (!following) return;
    const timer = setInterval(() => router.refresh(), EVERY_MS);
    const stop = setTimeout(() => setFollowing(false), FOLLOW_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [following, router]);

  return (
    <span className="panel-actions">
      <span className="muted">{lastCheckedAt ? `Blocklists checked ${lastCheckedAt.slice(0, 16).replace('T', ' ')} UTC` : 'Blocklists not checked yet'}</span>
      <button
        type="button"
        className="btn btn-small"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const result = await checkIpHealthAction({ domain });
            if (!result.ok) setMessage({ tone: 'error', text: result.error });
            else if (result.data.queued) {
              setMessage({ tone: 'ok', text: 'Check queued: listings appear here when the worker is done.' });
              setFollowing(true);
            } else setMessage({ tone: 'info', text: 'A check is already waiting or ran in the last few minutes.' });
          })
        }
      >
        Check blocklists now
      </button>
      {message && (
        <span className={`badge ${message.tone === 'error' ? 'badge-fail' : message.tone === 'ok' ? 'badge-pass' : 'badge-muted'}`} role="status">
          {message.text}
        </span>
      )}
    </span>
  );
}
