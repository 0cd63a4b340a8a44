import Link from 'next/link';
import type { TDomainSummary } from '@/lib/queries';
import { PolicyBadge } from '@/components/badges/policy-badge';
import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import { parseTableParams } from '@/components/data-table/table-params';
import { carryFilters } from '@/components/filters/carry-filters';
import type { TSearchParams } from '@/components/filters/href';
import { formatDate, formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';

const SORT_KEYS = ['name', 'messages', 'pass', 'quarantined', 'rejected', 'reports', 'last'] as const;
type TSortKey = (typeof SORT_KEYS)[number];

const VALUE: Record<TSortKey, (d: TDomainSummary) => number | string> = {
  name: (d) => d.name,
  messages: (d) => d.messages,
  pass: (d) => (d.messages ? d.dmarcPass / d.messages : -1),
  quarantined: (d) => d.quarantined,
  rejected: (d) => d.rejected,
  reports: (d) => d.reports,
  last: (d) => d.lastReportAt?.getTime() ?? 0,
};

/**
 * The overview's table of domains over the period: policy as reported, volume (failing volume
 * with "failures only"), pass rate, what receivers did with failing mail; sortable, exportable.
 */
export function DomainTable({ domains, failures, params, exportUrl }: { domains: TDomainSummary[]; failures: boolean; params: TSearchParams; exportUrl: string }) {
  const state = parseTableParams(params, { sortKeys: SORT_KEYS, defaultSort: 'name', defaultDir: 'asc', pageSize: 100 });
  const sorted = [...domains].sort((a, b) => {
    const [x, y] = [VALUE[state.sort](a), VALUE[state.sort](b)];
    const order = typeof x === 'string' ? x.localeCompare(String(y)) : x - Number(y);
    return (state.dir === 'asc' ? order : -order) || a.name.localeCompare(b.name);
  });
  const columns: TDataColumn<TDomainSummary>[] = [
    { key: 'name', header: 'Domain', sortable: true, cell: (d) => <Link href={carryFilters(`/domains/${encodeURIComponent(d.name)}`, params)}>{d.name}</Link> },
    { key: 'policy', header: 'Policy', cell: (d) => (d.policy ? <PolicyBadge p={d.policy.p} sp={d.policy.sp} np={d.policy.np} pct={d.policy.pct} testing={d.policy.testing} /> : <span className="muted">—</span>) },
    failures
      ? { key: 'messages', header: 'Failing', numeric: true, sortable: true, cell: (d) => formatInt(d.messages - d.dmarcPass) }
      : { key: 'messages', header: 'Messages', numeric: true, sortable: true, cell: (d) => formatInt(d.messages) },
    { key: 'pass', header: 'DMARC pass', sortable: true, numeric: true, cell: (d) => <PassRate pass={d.dmarcPass} total={d.messages} /> },
    { key: 'quarantined', header: 'Quarantined', numeric: true, sortable: true, cell: (d) => formatInt(d.quarantined) },
    { key: 'rejected', header: 'Rejected', numeric: true, sortable: true, cell: (d) => formatInt(d.rejected) },
    { key: 'reports', header: 'Reports', numeric: true, sortable: true, cell: (d) => formatInt(d.reports) },
    { key: 'last', header: 'Last report', sortable: true, cell: (d) => <span className="muted">{formatDate(d.lastReportAt)}</span> },
    {
      key: 'links',
      header: <span className="sr-only">Pages</span>,
      cell: (d) => (
        <Link href={carryFilters(`/domains/${encodeURIComponent(d.name)}/sources`, params)} style={{ whiteSpace: 'nowrap' }}>
          Sender map
        </Link>
      ),
    },
  ];
  return (
    <DataTable
      caption="Domains"
      columns={columns}
      rows={sorted}
      rowKey={(d) => String(d.id)}
      total={sorted.length}
      state={state}
      path="/"
      searchParams={params}
      noun={['domain', 'domains']}
      exportUrl={exportUrl}
    />
  );
}
