import Link from 'next/link';
import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import { carryFilters } from '@/components/filters/carry-filters';
import type { TSearchParams } from '@/components/filters/href';
import { formatDate, formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { listDomainReporters, type TDomainReporter } from '@/lib/queries';
import { CadenceBadge } from './cadence-badge';
import { staticTable } from './static-table';

/** The domain page's reporters: what each receiver reported, and whether it still reports. */
export async function DomainReportersPanel({ scope, domain, window, failures, params, exportQuery }: { scope: TDomainScope; domain: { id: number; name: string }; window: TDayWindow; failures: boolean; params: TSearchParams; exportQuery: string }) {
  const rows = await listDomainReporters(scope, window, { domainIds: [domain.id], failures });
  const columns: TDataColumn<TDomainReporter>[] = [
    { key: 'reporter', header: 'Reporter', cell: (r) => <strong title={r.email ?? undefined}>{r.reporter}</strong> },
    failures
      ? { key: 'failing', header: 'Failing', numeric: true, cell: (r) => formatInt(r.messages) }
      : { key: 'messages', header: 'Messages', numeric: true, cell: (r) => formatInt(r.messages) },
    ...(failures ? [] : [{ key: 'pass', header: 'DMARC pass', cell: (r: TDomainReporter) => <PassRate pass={r.dmarcPass} total={r.messages} /> }]),
    { key: 'disposed', header: 'Quarantined / rejected', numeric: true, cell: (r) => (r.quarantined + r.rejected > 0 ? `${formatInt(r.quarantined)} / ${formatInt(r.rejected)}` : <span className="muted">—</span>) },
    { key: 'last', header: 'Last report', cell: (r) => <CadenceBadge reporter={r} fallback={formatDate(r.lastReportAt)} /> },
  ];
  return (
    <DataTable
      caption={failures ? 'Reporters of failing mail' : 'Reporters'}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.reporter}
      {...staticTable(rows.length, params)}
      path={`/domains/${encodeURIComponent(domain.name)}`}
      noun={['reporter', 'reporters']}
      exportUrl={`/api/v1/domains/${encodeURIComponent(domain.name)}/reporters${exportQuery}`}
      footer={
        <>
          <span>{rows.length === 1 ? '1 reporter' : `${rows.length} reporters`}</span>
          <Link href={carryFilters('/reporters', params, { domain: domain.name })}>How often each reports, and gaps →</Link>
        </>
      }
      empty={<p className="panel-body muted">No reports in this period.</p>}
    />
  );
}
