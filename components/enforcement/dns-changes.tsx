import { EmptyState } from '@/components/ui/empty-state';
import { formatUtc } from './format-utc';
import { PlainTable } from '@/components/ui/plain-table';

export interface TDnsChange {
  id: bigint;
  record: string;
  kind: string;
  oldValue: string | null;
  newValue: string | null;
  detectedAt: Date;
}

const KIND_CLASS: Record<string, string> = { rollback: 'badge badge-fail', removed: 'badge badge-fail', advanced: 'badge badge-pass', added: 'badge badge-pass', changed: 'badge badge-muted' };

/** What the DNS watch saw change in the DMARC and SPF records. */
export function DnsChanges({ changes }: { changes: TDnsChange[] }) {
  if (changes.length === 0) {
    return (
      <EmptyState title="No changes seen">
        <p>The DNS watch looks at the DMARC and SPF records every hour and lists every change here.</p>
      </EmptyState>
    );
  }
  return (
    <PlainTable columns={['Seen', 'Record', 'Change', 'Before', 'After']} scroll>
      {changes.map((c) => (
        <tr key={String(c.id)}>
          <td className="badge-nowrap">{formatUtc(c.detectedAt)}</td>
          <td>{c.record === 'dmarc' ? 'DMARC' : 'SPF'}</td>
          <td>
            <span className={KIND_CLASS[c.kind] ?? 'badge badge-muted'}>{c.kind === 'rollback' ? 'rolled back' : c.kind}</span>
          </td>
          <td>
            <code style={{ overflowWrap: 'anywhere' }}>{c.oldValue ?? '(none)'}</code>
          </td>
          <td>
            <code style={{ overflowWrap: 'anywhere' }}>{c.newValue ?? '(none)'}</code>
          </td>
        </tr>
      ))}
    </PlainTable>
  );
}
