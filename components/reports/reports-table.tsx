import Link from 'next/link';
import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import { FailuresToggle } from '@/components/data-table/failures-toggle';
import { withParams, type TSearchParams } from '@/components/filters/href';
import { presetRange } from '@/components/filters/range-params';
import { PolicyBadge } from '@/components/badges/policy-badge';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import type { TAccessScope } from '@/lib/access';
import { listReports, type TReportSummary } from '@/lib/queries';
import { AuthenticityBadge } from './authenticity-badge';
import { reportsExportUrl, type TReportListParams } from './report-filters';
import { ReportPeriod } from './report-period';
import styles from './reports.module.css';

/**
 * The reports list for the page's filters (server component, awaited inside a Suspense
 * boundary so the page head shows at once). `domainId` is the `domain` filter, already checked.
 */
export async function ReportsTable({
  scope,
  params,
  domainId,
  searchParams,
}: {
  scope: TAccessScope;
  params: TReportListParams;
  domainId: number | undefined;
  searchParams: TSearchParams;
}) {
  const { range, table } = params;
  const found = await listReports(scope, {
    domainId, window: range.window, reporter: params.reporter ?? undefined, failures: table.failures, search: params.q ?? undefined,
    sort: table.sort, dir: table.dir, page: table.page, perPage: table.pageSize,
  });
  const path = '/reports';
  const columns: TDataColumn<TReportSummary>[] = [
    { key: 'begin', header: 'Period (UTC)', sortable: true, cell: (r) => <ReportPeriod begin={r.begin} end={r.end} /> },
    { key: 'domain', header: 'Domain', sortable: true, cell: (r) => r.domain },
    {
      key: 'reporter',
      header: 'Reporter',
      sortable: true,
      cell: (r) => (
        <Link href={withParams(path, searchParams, { reporter: r.reporter, page: null })} title={`Only reports from ${r.reporter}`}>
          {r.reporter}
        </Link>
      ),
    },
    {
      key: 'report',
      header: 'Report id',
      cell: (r) => (
        <Link href={`/reports/${r.id}`} className={styles.reportId}>
          {r.reportId.length > 40 ? `${r.reportId.slice(0, 39)}…` : r.reportId}
        </Link>
      ),
    },
    { key: 'verified', header: 'Verified', cell: (r) => <AuthenticityBadge auth={{ verifiedBy: r.verifiedBy, note: null }} compact /> },
    { key: 'policy', header: 'Policy', cell: (r) => <PolicyBadge p={r.policy.p} sp={r.policy.sp} pct={r.policy.pct} /> },
    { key: 'messages', header: 'Messages', sortable: true, numeric: true, cell: (r) => formatInt(r.messages) },
    { key: 'pass_rate', header: 'DMARC pass', sortable: true, numeric: true, cell: (r) => <PassRate pass={r.dmarcPass} total={r.messages} /> },
    {
      key: 'failing',
      header: 'Failing',
      numeric: true,
      cell: (r) => (r.messages > r.dmarcPass ? <span className={styles.failing}>{formatInt(r.messages - r.dmarcPass)}</span> : <span className="muted">0</span>),
    },
  ];
  const filtered = Boolean(params.reporter || params.q || table.failures);
  return (
    <DataTable
      caption="Aggregate reports"
      title="Reports"
      columns={columns}
      rows={found.reports}
      rowKey={(r) => r.id}
      total={found.total}
      totalCapped={found.totalCapped}
      state={table}
      path={path}
      searchParams={searchParams}
      noun={['report', 'reports']}
      stackOnPhone
      toolbar={<FailuresToggle path={path} searchParams={searchParams} on={table.failures} />}
      exportUrl={found.reports.length > 0 ? reportsExportUrl(params) : undefined}
      empty={
        filtered ? (
          <EmptyState title="No report matches these filters">
            <p>
              <Link className="btn" href={withParams(path, searchParams, { reporter: null, q: null, failures: null, page: null })}>
                Clear the filters
              </Link>
            </p>
          </EmptyState>
        ) : (
          <EmptyState title="No reports in this period">
            <p>Reports count on the day their range begins. Try a longer period, or add reports.</p>
            <p>
              <Link className="btn" href={withParams(path, searchParams, { ...presetRange(90), page: null })}>
                Last 90 days
              </Link>{' '}
              <Link className="btn" href="/ingest">
                Upload report files
              </Link>
            </p>
          </EmptyState>
        )
      }
    />
  );
}
