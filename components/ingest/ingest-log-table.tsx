import Link from 'next/link';
import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import type { TTableState } from '@/components/data-table/table-params';
import type { TSearchParams } from '@/components/filters/href';
import { EmptyState } from '@/components/ui/empty-state';
import { plural } from '@/components/ui/plural';
import { listIngestLog, type TIngestLogEntry, type TIngestLogFilter, type TIngestViewer } from '@/lib/queries';
import { ReprocessButton } from './reprocess-button';
import styles from './ingest.module.css';

const STATUS_CLASS: Record<string, string> = {
  ingested: 'badge badge-pass',
  duplicate: 'badge badge-muted',
  set_aside: 'badge badge-warn',
  partial: 'badge badge-warn',
  failed: 'badge badge-fail',
  pending: 'badge badge-muted',
};
const SOURCE_LABEL: Record<string, string> = { cli: 'CLI', upload: 'upload', api: 'API', imap: 'mailbox', graph: 'mailbox (Graph)', demo: 'demo', reprocess: 're-process' };
const when = (d: Date) => `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** Reasons quote the input (file names, XML): long ones are cut for the table. */
const clip = (s: string, n = 300) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function Reason({ entry }: { entry: TIngestLogEntry }) {
  const failures = entry.failures.length > 0 ? entry.failures : entry.error ? [{ path: entry.name, code: '', error: entry.error }] : [];
  return (
    <div className={styles.reason}>
      {failures.length > 0 && (
        <ul>
          {failures.slice(0, 10).map((f, i) => (
            <li key={i}>
              {clip(f.error)}
              {f.code && <span className="muted"> ({f.code})</span>}
            </li>
          ))}
          {failures.length > 10 && <li className="muted">…and {failures.length - 10} more</li>}
        </ul>
      )}
      {entry.setAsideDomains.length > 0 && (
        <p>
          Set aside — no organisation owns {entry.setAsideDomains.map((d) => `${d.domain} (${plural(d.reports, 'report')})`).join(', ')}.{' '}
          <Link href="/settings/domains">Add the domain</Link> to attach them.
        </p>
      )}
      {failures.length === 0 && entry.setAsideDomains.length === 0 && <span className="muted">—</span>}
    </div>
  );
}

/** The ingest log: inputs with their status, counts and reasons; failed ones can be re-processed. */
export async function IngestLogTable({
  viewer,
  filter,
  state,
  canReprocess,
  searchParams,
}: {
  viewer: TIngestViewer;
  filter: TIngestLogFilter;
  state: TTableState;
  canReprocess: boolean;
  searchParams: TSearchParams;
}) {
  const found = await listIngestLog(viewer, { filter, page: state.page, perPage: state.pageSize });
  const columns: TDataColumn<TIngestLogEntry>[] = [
    { key: 'when', header: 'Received', cell: (e) => <span className="muted">{when(e.createdAt)}</span>, width: 120 },
    {
      key: 'input',
      header: 'Input',
      width: '24%',
      cell: (e) => (
        <>
          <span className={styles.name}>{clip(e.name, 120)}</span>
          <span className="muted" style={{ display: 'block', fontSize: 12.5 }}>
            {SOURCE_LABEL[e.source] ?? e.source}
            {e.mailbox ? ` · ${e.mailbox}` : ''}
            {e.attempts > 1 ? ` · ${plural(e.attempts, 'attempt')}` : ''}
          </span>
        </>
      ),
    },
    { key: 'status', header: 'Status', cell: (e) => <span className={`${STATUS_CLASS[e.status] ?? 'badge badge-muted'} badge-nowrap`}>{e.status.replace('_', ' ')}</span> },
    {
      key: 'reports',
      header: 'Reports',
      cell: (e) => (
        <span style={{ fontSize: 13 }}>
          {[
            e.reports - e.duplicates - e.setAside > 0 && `${e.reports - e.duplicates - e.setAside} stored`,
            e.duplicates > 0 && `${e.duplicates} duplicate`,
            e.setAside > 0 && `${e.setAside} set aside`,
            e.failures.length > 0 && `${e.failures.length} failed`,
          ]
            .filter(Boolean)
            .join(' · ') || '—'}
        </span>
      ),
    },
    { key: 'reason', header: 'Reason', cell: (e) => <Reason entry={e} /> },
    ...(canReprocess
      ? [{ key: 'action', header: <span className="sr-only">Action</span>, cell: (e: TIngestLogEntry) => (e.status === 'failed' || e.status === 'partial' ? <ReprocessButton id={e.id} name={e.name} /> : null) }]
      : []),
  ];
  return (
    <DataTable
      caption="Ingest log"
      columns={columns}
      rows={found.entries}
      rowKey={(e) => e.id}
      total={found.total}
      totalCapped={found.totalCapped}
      state={state}
      path="/ingest"
      searchParams={searchParams}
      noun={['input', 'inputs']}
      stackOnPhone
      empty={
        <EmptyState title={filter === 'all' ? 'Nothing ingested yet' : 'Nothing needs attention'}>
          <p>
            {filter === 'all'
              ? 'Uploads, API calls and your mailboxes’ report mails are listed here once they arrive.'
              : 'No failed or set-aside inputs. Every file and mail received so far was read.'}
          </p>
          {filter !== 'all' && (
            <p>
              <Link href="/ingest?status=all" className="btn">
                Show every input
              </Link>
            </p>
          )}
        </EmptyState>
      }
    />
  );
}
