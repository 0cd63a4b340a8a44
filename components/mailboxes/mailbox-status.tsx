import type { TMailboxView } from '@/lib/mailboxes';

export function formatAgo(date: Date | null, now: Date): string {
  if (!date) return 'never';
  const seconds = Math.max(0, Math.round((now.getTime() - date.getTime()) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** OK / failing / stale (no worker has read it lately) / paused / not read yet. */
export function MailboxStatus({ mailbox, now, staleAfterMs }: { mailbox: TMailboxView; now: Date; staleAfterMs: number }) {
  if (!mailbox.enabled) return <span className="badge badge-muted">Paused</span>;
  if (mailbox.oauth?.flow === 'google-refresh-token' && !mailbox.hasRefreshToken && !mailbox.fromEnv) {
    return <span className="badge badge-warn" title="Use “Grant access” and sign in as the mailbox">Needs consent</span>;
  }
  const failing = mailbox.lastErrorAt && (!mailbox.lastSuccessAt || mailbox.lastErrorAt > mailbox.lastSuccessAt);
  if (failing) return <span className="badge badge-fail" title={mailbox.lastError ?? undefined}>Failing</span>;
  if (!mailbox.lastSuccessAt) return <span className="badge badge-muted" title="No worker has read this mailbox yet: is `atlas worker` (or npm start) running?">Waiting for worker</span>;
  if (now.getTime() - mailbox.lastSuccessAt.getTime() > staleAfterMs) {
    return <span className="badge badge-warn" title="Not read lately: is a worker running?">Stale</span>;
  }
  return <span className="badge badge-pass">OK</span>;
}
