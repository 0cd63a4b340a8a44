import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import { FailuresToggle } from '@/components/data-table/failures-toggle';
import type { TTableState } from '@/components/data-table/table-params';
import type { TSearchParams } from '@/components/filters/href';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt } from '@/components/ui/format';
import type { TAccessScope } from '@/lib/access';
import { listReportRecords, type TReportRecord } from '@/lib/queries';
import { AuthResults, OverrideReasons, ResultBadge } from './auth-results';
import styles from './reports.module.css';

const DISPOSITION_CLASS: Record<string, string> = { none: 'badge badge-muted', quarantine: 'badge badge-warn', reject: 'badge badge-fail' };

/** How a record's header_from relates to the report's policy domain (a subdomain falls under `sp`). */
function headerFromFlag(headerFrom: string, policyDomain: string): { label: string; title: string } | null {
  const from = headerFrom.toLowerCase();
  if (from === policyDomain) return null;
  if (from === '') return { label: 'no From domain', title: 'The reporter sent no header_from for this row' };
  if (from.endsWith(`.${policyDomain}`)) return { label: 'subdomain', title: `Mail from a subdomain of ${policyDomain}: the sp policy applies` };
  return { label: 'other domain', title: `header_from is not ${policyDomain} nor one of its subdomains` };
}

/** A report's records, largest first, with their SPF/DKIM results; rows failing DMARC are marked. */
export async function ReportRecords({
  scope,
  reportRowId,
  policyDomain,
  state,
  path,
  searchParams,
}: {
  scope: TAccessScope;
  reportRowId: bigint;
  policyDomain: string;
  state: TTableState;
  path: string;
  searchParams: TSearchParams;
}) {
  const found = await listReportRecords(scope, reportRowId, { failures: state.failures, page: state.page, perPage: state.pageSize });
  // Rows may repeat exactly (reporters do that): the position is the key.
  const records = (found?.records ?? []).map((r, i) => ({ ...r, n: (state.page - 1) * state.pageSize + i }));
  const columns: TDataColumn<TReportRecord & { n: number }>[] = [
    { key: 'ip', header: 'Source IP', cell: (r) => <span className={styles.ip}>{r.sourceIp ?? '—'}</span> },
    { key: 'count', header: 'Messages', numeric: true, cell: (r) => formatInt(r.count) },
    {
      key: 'dmarc',
      header: 'DMARC',
      cell: (r) =>
        r.policyDkim === 'pass' || r.policySpf === 'pass' ? (
          <span className="badge badge-pass">pass</span>
        ) : (
          <span className="badge badge-fail">fail</span>
        ),
    },
    {
      key: 'disposition',
      header: 'Disposition',
      cell: (r) => (
        <span className={styles.results}>
          <span className={`${DISPOSITION_CLASS[r.disposition] ?? 'badge badge-muted'} badge-nowrap`}>{r.disposition || '—'}</span>
          <OverrideReasons value={r.reasons} />
        </span>
      ),
    },
    {
      key: 'dkim',
      header: 'DKIM',
      cell: (r) => (
        <span className={styles.results}>
          <span>
            aligned <ResultBadge result={r.policyDkim} />
          </span>
          <AuthResults kind="dkim" value={r.dkim} />
        </span>
      ),
    },
    {
      key: 'spf',
      header: 'SPF',
      cell: (r) => (
        <span className={styles.results}>
          <span>
            aligned <ResultBadge result={r.policySpf} />
          </span>
          <AuthResults kind="spf" value={r.spf} />
        </span>
      ),
    },
    {
      key: 'from',
      header: 'From domain',
      cell: (r) => {
        const flag = headerFromFlag(r.headerFrom, policyDomain);
        return (
          <span className={styles.results}>
            <span>
              {r.headerFrom || '—'}
              {flag && (
                <span className={`badge badge-warn badge-nowrap ${styles.flag}`} title={flag.title}>
                  {flag.label}
                </span>
              )}
            </span>
            {r.envelopeFrom && <span className="muted">envelope: {r.envelopeFrom.length > 60 ? `${r.envelopeFrom.slice(0, 59)}…` : r.envelopeFrom}</span>}
          </span>
        );
      },
    },
  ];
  return (
    <DataTable
      caption="Records of this report"
      title="Records"
      columns={columns}
      rows={records}
      rowKey={(r) => String(r.n)}
      total={found?.total ?? 0}
      state={state}
      path={path}
      searchParams={searchParams}
      noun={['record', 'records']}
      stackOnPhone
      toolbar={<FailuresToggle path={path} searchParams={searchParams} on={state.failures} />}
      empty={
        <EmptyState title={state.failures ? 'No failing records' : 'No records'}>
          <p>{state.failures ? 'Every row of this report passed DMARC (aligned DKIM or aligned SPF).' : 'This report holds no records.'}</p>
        </EmptyState>
      }
    />
  );
}
