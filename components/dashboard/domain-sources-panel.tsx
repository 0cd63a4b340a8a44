import Link from 'next/link';
import { VerdictBadge } from '@/components/badges/verdict-badge';
import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import { carryFilters } from '@/components/filters/carry-filters';
import type { TSearchParams } from '@/components/filters/href';
import { formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import { plural } from '@/components/ui/plural';
import type { TDomainScope } from '@/lib/access';
import { senderMapRows } from '@/lib/api';
import type { TDayWindow } from '@/lib/platform/dates';
import { sourcePath, type TSenderMapSource } from '@/lib/sources';
import { senderMapOnce } from './sender-map-cache';
import { staticTable } from './static-table';

const TOP = 10;

/** The domain page's sources: the busiest (or, failures only, the most failing), each linking to its page. */
export async function DomainSourcesPanel({ scope, domain, window, failures, params, exportQuery }: { scope: TDomainScope; domain: { id: number; name: string }; window: TDayWindow; failures: boolean; params: TSearchParams; exportQuery: string }) {
  const map = await senderMapOnce(scope, domain, window);
  const all = senderMapRows(map.sources, failures);
  const rows = all.slice(0, TOP);
  const columns: TDataColumn<TSenderMapSource>[] = [
    { key: 'source', header: 'Source', cell: (s) => <Link href={carryFilters(sourcePath(domain.name, s.key), params)}>{s.label}</Link> },
    { key: 'verdict', header: 'Verdict', cell: (s) => <VerdictBadge verdict={s.verdict.verdict} compact /> },
    failures
      ? { key: 'failing', header: 'Failing', numeric: true, cell: (s) => formatInt(s.messages - s.dmarcPass) }
      : { key: 'messages', header: 'Messages', numeric: true, cell: (s) => formatInt(s.messages) },
    { key: 'pass', header: 'DMARC pass', cell: (s) => <PassRate pass={s.dmarcPass} total={s.messages} /> },
    { key: 'disposed', header: 'Quarantined / rejected', numeric: true, cell: (s) => (s.quarantined + s.rejected > 0 ? `${formatInt(s.quarantined)} / ${formatInt(s.rejected)}` : <span className="muted">—</span>) },
  ];
  return (
    <DataTable
      caption={failures ? 'Sources with failing mail' : 'Sources by volume'}
      columns={columns}
      rows={rows}
      rowKey={(s) => s.key}
      {...staticTable(rows.length, params)}
      path={`/domains/${encodeURIComponent(domain.name)}`}
      noun={['source', 'sources']}
      exportUrl={`/api/v1/domains/${encodeURIComponent(domain.name)}/sender-map${exportQuery}`}
      footer={
        <>
          <span>{all.length > TOP ? `The ${TOP} ${failures ? 'most failing' : 'busiest'} of ${plural(all.length, 'source')}` : plural(all.length, 'source')}</span>
          <Link href={carryFilters(`/domains/${encodeURIComponent(domain.name)}/sources`, params)}>Sender map with fix advice →</Link>
        </>
      }
      empty={<p className="panel-body muted">{failures ? 'No mail failed DMARC in this period.' : 'No mail in this period.'}</p>}
    />
  );
}
