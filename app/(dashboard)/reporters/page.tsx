import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { CadenceBadge } from '@/components/dashboard/cadence-badge';
import { periodLabel } from '@/components/dashboard/period-label';
import { ReporterGaps } from '@/components/dashboard/reporter-gaps';
import { staticTable } from '@/components/dashboard/static-table';
import { DataTable, type TDataColumn } from '@/components/data-table/data-table';
import { FailuresToggle } from '@/components/data-table/failures-toggle';
import { carryFilters } from '@/components/filters/carry-filters';
import { FilterBar } from '@/components/filters/filter-bar';
import { firstParam, type TSearchParams } from '@/components/filters/href';
import { parseRange } from '@/components/filters/range-params';
import { EmptyState } from '@/components/ui/empty-state';
import { formatDate, formatInt } from '@/components/ui/format';
import { PassRate } from '@/components/ui/pass-rate';
import { plural } from '@/components/ui/plural';
import { requireActor } from '@/lib/access';
import { listDomainReporters, listScopeDomains, MIN_QUIET_DAYS, REGULAR_MIN_DAYS, type TDomainReporter } from '@/lib/queries';
import { PageHead } from '@/components/ui/page-head';

export const metadata: Metadata = { title: 'Reporters' };

export default async function ReportersPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  await connection();
  const actor = await requireActor();
  const params = await searchParams;
  const range = parseRange(params);
  const failures = firstParam(params, 'failures') === '1';
  const domains = await listScopeDomains(actor.scope);
  const selected = range.domain ? domains.filter((d) => d.name === range.domain) : domains;
  const shown = selected.length > 0 ? selected : domains;
  const reporters = await listDomainReporters(actor.scope, range.window, { domainIds: shown.map((d) => d.id), failures });
  const nameOf = new Map(domains.map((d) => [d.id, d.name]));
  const days = range.days;
  const columns: TDataColumn<TDomainReporter>[] = [
    { key: 'reporter', header: 'Reporter', cell: (r) => <strong title={r.email ? `Reports come from ${r.email}` : undefined}>{r.reporter}</strong> },
    { key: 'reports', header: 'Reports', numeric: true, cell: (r) => formatInt(r.reports) },
    { key: 'often', header: 'How often', cell: (r) => <>{r.cadence?.frequency ?? '—'}<div className="muted" style={{ fontSize: 12.5 }}>{`reports on ${r.reportDays} of ${days} days`}</div></> },
    { key: 'messages', header: failures ? 'Failing' : 'Messages', numeric: true, cell: (r) => formatInt(r.messages) },
    ...(failures ? [] : [{ key: 'pass', header: 'DMARC pass', cell: (r: TDomainReporter) => <PassRate pass={r.dmarcPass} total={r.messages} /> }]),
    { key: 'disposed', header: 'Quarantined / rejected', numeric: true, cell: (r) => `${formatInt(r.quarantined)} / ${formatInt(r.rejected)}` },
    { key: 'last', header: 'Last report', cell: (r) => <>{formatDate(r.lastReportAt)}<div><CadenceBadge reporter={r} fallback={r.cadence ? `${plural(r.cadence.silentDays, 'day')} ago` : ''} /></div></> },
    { key: 'gaps', header: 'Gaps in this period', cell: (r) => gapsText(r) },
  ];
  return (
    <>
      <PageHead title="Reporters" lead={<>Who reports on {range.domain && selected.length ? range.domain : 'your domains'}, how often, and who stopped, in {periodLabel(range)}.</>}>
        <FilterBar domains={domains.map((d) => d.name)}>
          <FailuresToggle path="/reporters" searchParams={params} on={failures} />
        </FilterBar>
      </PageHead>
      {domains.length === 0 ? (
        <section className="panel">
          <EmptyState title="No domains yet">
            <p>Reporters appear once a domain is added and its reports arrive.</p>
            <p>
              <Link href="/settings/domains" className="btn btn-primary">
                Add a domain
              </Link>
            </p>
          </EmptyState>
        </section>
      ) : (
        <>
          <ReporterGaps reporters={reporters} domainName={(id) => nameOf.get(id) ?? ''} params={params} />
          {shown.map((d) => {
            const rows = reporters.filter((r) => r.domainId === d.id);
            return (
              <DataTable
                key={d.id}
                caption={`Reporters of ${d.name}`}
                title={<Link href={carryFilters(`/domains/${encodeURIComponent(d.name)}`, params)}>{d.name}</Link>}
                columns={columns}
                rows={rows}
                rowKey={(r) => r.reporter}
                {...staticTable(rows.length, params)}
                path="/reporters"
                noun={['reporter', 'reporters']}
                footer={<span>{rows.length === 1 ? '1 reporter' : `${rows.length} reporters`}</span>}
                exportUrl={`/api/v1/domains/${encodeURIComponent(d.name)}/reporters?from=${range.from}&to=${range.to}${failures ? '&failures=1' : ''}`}
                empty={<p className="panel-body muted">{failures ? 'No failing mail reported in this period.' : `No reports for ${d.name} in this period.`}</p>}
              />
            );
          })}
          <p className="muted" style={{ fontSize: 12.5 }}>
            A reporter reports regularly when its reports began on at least {REGULAR_MIN_DAYS} different days in this period and the 60 days before its end. It has stopped when
            no report came for more than twice its usual interval plus a day (at least {MIN_QUIET_DAYS} days, as reports arrive a day or two late); the same threshold marks the
            gaps. Days are UTC.
          </p>
        </>
      )}
    </>
  );
}

function gapsText(r: TDomainReporter) {
  const gaps = r.cadence?.gaps ?? [];
  if (!r.cadence || r.cadence.status === 'occasional') return <span className="muted">too few reports to tell</span>;
  if (gaps.length === 0) return <span className="muted">none</span>;
  const label = (day: string) => formatDate(new Date(`${day}T00:00:00Z`));
  return gaps.map((g) => `${label(g.from)} – ${label(new Date(Date.parse(`${g.to}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10))} (${plural(g.days, 'day')})`).join('; ');
}
