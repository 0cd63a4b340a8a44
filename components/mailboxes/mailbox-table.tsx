import type { TMailboxView } from '@/lib/mailboxes';
import { formatInt } from '@/components/ui/format';
import { MailboxRowActions } from './mailbox-row-actions';
import { MailboxStatus, formatAgo } from './mailbox-status';
import { TokenStatus } from './token-status';
import styles from './mailboxes.module.css';
import { PlainTable } from '@/components/ui/plain-table';

export function MailboxTable({ mailboxes, canManage, staleAfterMs }: { mailboxes: TMailboxView[]; canManage: boolean; staleAfterMs: number }) {
  const now = new Date();
  return (
    <PlainTable columns={['Mailbox', 'Status', 'Last read', { label: 'Backlog', className: 'num' }, 'Last error', canManage && '']}>
      {mailboxes.map((m) => (
        <tr key={m.id}>
          <td>
            <strong>{m.label}</strong>
            <div className={`muted ${styles.small}`}>
              {m.username} @ {m.host}:{m.port}
              {m.tls ? '' : ' (no TLS)'} · {m.folder} → {m.afterIngest === 'move' ? m.processedFolder : 'keyword'}
              {m.fromEnv && ' · from ATLAS_IMAP_URL'}
            </div>
            <TokenStatus mailbox={m} now={now} canManage={canManage} />
          </td>
          <td>
            <MailboxStatus mailbox={m} now={now} staleAfterMs={staleAfterMs} />
          </td>
          <td>{formatAgo(m.lastSuccessAt, now)}</td>
          <td className="num">{formatInt(m.backlog)}</td>
          <td className={styles.small}>
            {m.lastError ? (
              <>
                <span className={m.lastErrorAt && m.lastSuccessAt && m.lastErrorAt < m.lastSuccessAt ? 'muted' : styles.fail}>{m.lastError}</span>
                <div className="muted">{formatAgo(m.lastErrorAt, now)}</div>
              </>
            ) : (
              <span className="muted">—</span>
            )}
          </td>
          {canManage && <td>{m.fromEnv ? <span className={`muted ${styles.small}`}>set in the environment</span> : <MailboxRowActions id={m.id} label={m.label} enabled={m.enabled} />}</td>}
        </tr>
      ))}
    </PlainTable>
  );
}
