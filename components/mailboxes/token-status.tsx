import Link from 'next/link';
import type { TMailboxView } from '@/lib/mailboxes';
import { formatAgo } from './mailbox-status';
import { SIGN_INS } from './mailbox-presets';
import styles from './mailboxes.module.css';

function formatIn(date: Date, now: Date): string {
  const seconds = Math.round((date.getTime() - now.getTime()) / 1000);
  if (seconds <= 0) return `expired ${formatAgo(date, now)}`;
  if (seconds < 60) return `expires in ${seconds}s`;
  if (seconds < 3600) return `expires in ${Math.round(seconds / 60)} min`;
  return `expires in ${Math.round(seconds / 3600)} h`;
}

/** How the mailbox signs in, and for OAuth2 flows the worker's current token and the consent link. */
export function TokenStatus({ mailbox, now, canManage }: { mailbox: TMailboxView; now: Date; canManage: boolean }) {
  const o = mailbox.oauth;
  if (!o) return null;
  const who = o.flow === 'microsoft' ? ` · tenant ${o.tenantId}` : 'clientId' in o ? ` · client ${o.clientId}` : '';
  const needsConsent = o.flow === 'google-refresh-token' && !mailbox.hasRefreshToken;
  return (
    <div className={`muted ${styles.token}`}>
      {mailbox.kind === 'graph' ? 'Microsoft Graph · ' : ''}
      {SIGN_INS[o.flow]}
      {who}
      {mailbox.tokenExpiresAt && mailbox.tokenRefreshedAt && (
        <>
          {' · '}
          <span title={`Token fetched ${mailbox.tokenRefreshedAt.toISOString()}, valid until ${mailbox.tokenExpiresAt.toISOString()}`}>
            token {formatIn(mailbox.tokenExpiresAt, now)}, refreshed {formatAgo(mailbox.tokenRefreshedAt, now)}
          </span>
        </>
      )}
      {o.flow === 'google-refresh-token' && canManage && !mailbox.fromEnv && (
        <>
          {' · '}
          <Link href={`/settings/mailboxes/oauth/start?id=${mailbox.id}`} prefetch={false} className={needsConsent ? styles.fail : undefined}>
            {needsConsent ? 'Grant access' : 'Grant access again'}
          </Link>
        </>
      )}
    </div>
  );
}
