import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import type { TSearchParams } from '@/components/filters/href';
import { formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import { seenRange } from '@/components/sources/sources-table';
import type { TDomainScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { listSourceReporters, type TSourceReporter } from '@/lib/queries';
import { staticTable } from './static-table';

/** The reporters that saw one source, with what they saw and what their receivers did with it. */
export async function SourceReportersPanel({ scope, domainId, sourceKey, window, failures, params, path }: { scope: TDomainScope; domainId: number; sourceKey: string; window: TDayWindow; failures: boolean; params: TSearchParams; path: string }) {
  const rows = await listSourceReporters(scope, domainId, sourceKey, window, failures);
  const columns: TDataColumn<TSourceReporter>[] = [
    { key: 'reporter', header: 'Reporter', cell: (r) => <strong>{r.reporter}</strong> },
    { key: 'messages', header: failures ? 'Failing' : 'Messages', numeric: true, cell: (r) => formatInt(r.messages) },
    { key: 'pass', header: 'DMARC pass', cell: (r) => <PassRate pass={r.dmarcPass} total={r.messages} /> },
    { key: 'quarantined', header: 'Quarantined', numeric: true, cell: (r) => formatInt(r.quarantined) },
    { key: 'rejected', header: 'Rejected', numeric: true, cell: (r) => formatInt(r.rejected) },
    { key: 'addresses', header: 'Addresses', numeric: true, cell: (r) => formatInt(r.addresses) },
    { key: 'seen', header: 'Seen', cell: (r) => seenRange(r.firstDay, r.lastDay) },
  ];
  return (
    <DataTable
      caption="Reporters that saw this source"
      columns={columns}
      rows={rows}
      rowKey={(r) => r.reporter}
      {...staticTable(rows.length, params)}
      path={path}
      noun={['reporter', 'reporters']}
      footer={<span>{rows.length === 1 ? '1 reporter' : `${rows.length} reporters`} saw this source</span>}
      empty={<p className="panel-body muted">{failures ? 'No failing mail from this source in this period.' : 'No mail from this source in this period.'}</p>}
    />
  );
}
