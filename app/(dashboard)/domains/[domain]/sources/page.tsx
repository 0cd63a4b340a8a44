import type { Metadata } from 'next';
import Link from 'next/link';
import { DomainTabs } from '@/components/dashboard/domain-tabs';
import { periodLabel } from '@/components/dashboard/period-label';
import { senderMapOnce } from '@/components/dashboard/sender-map-cache';
import { SpfPanel } from '@/components/dashboard/spf-panel';
import { FailuresToggle } from '@/components/data-table/failures-toggle';
import { ExportMenu } from '@/components/data-table/export-menu';
import { carryFilters } from '@/components/filters/carry-filters';
import { FilterBar } from '@/components/filters/filter-bar';
import { firstParam, withParams, type TSearchParams } from '@/components/filters/href';
import { parseRange, presetRange, RANGE_PRESETS } from '@/components/filters/range-params';
import { SourceAddresses } from '@/components/sources/source-addresses';
import { SourceDecisionButtons } from '@/components/sources/source-decision-buttons';
import { IpHealthCheckButton } from '@/components/sources/ip-health-check-button';
import { SourcesTable } from '@/components/sources/sources-table';
import { VerdictBadge } from '@/components/badges/verdict-badge';
import { VerdictLegend } from '@/components/badges/verdict-legend';
import { SourceTreemap } from '@/components/charts/source-treemap';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt, formatPercent } from '@/components/ui/format';
import { StatCard } from '@/components/ui/stat-card';
import { actorCan } from '@/lib/access';
import { senderMapRows } from '@/lib/api';
import { listIpHealth, listSourceAddresses, listSourceListings } from '@/lib/queries';
import { sourcePath } from '@/lib/sources';
import { plural } from '@/components/ui/plural';
import { Panel } from '@/components/ui/panel';
import { PageHead } from '@/components/ui/page-head';
import { requireDomainPage } from '@/components/dashboard/require-domain-page';

export const metadata: Metadata = { title: 'Sender map' };

/** Addresses shown for a selected source before a "show all" link. */
const ADDRESS_LIMIT = 25;

type TProps = { params: Promise<{ domain: string }>; searchParams: Promise<TSearchParams> };

export default async function SourcesPage({ params, searchParams }: TProps) {
  const [{ domain: name }, query] = await Promise.all([params, searchParams]);
  const { actor, domain } = await requireDomainPage(name);
  // Links from before the shared period (?days=7|30|90) still open that period.
  const legacyDays = RANGE_PRESETS.find((d) => String(d) === firstParam(query, 'days'));
  const range = parseRange(legacyDays && !firstParam(query, 'from') ? { ...query, ...presetRange(legacyDays) } : query);
  const failures = firstParam(query, 'failures') === '1';
  const window = range.window;
  const map = await senderMapOnce(actor.scope, { id: domain.id, name: domain.name }, window);
  const rows = senderMapRows(map.sources, failures);
  const selected = map.sources.find((s) => s.key === firstParam(query, 'source')) ?? null;
  const addresses = selected ? await listSourceAddresses(actor.scope, domain.id, selected.key, window, 500, failures) : [];
  const [listings, addressHealth] = await Promise.all([listSourceListings(actor.scope, domain.id, window), listIpHealth(actor.scope, addresses.map((a) => a.ip))]);
  const canDecide = actorCan(actor, 'sources.approve');
  const { totals } = map;
  const v = totals.byVerdict;
  const path = `/domains/${encodeURIComponent(domain.name)}/sources`;
  const showAll = firstParam(query, 'all') === '1';
  const link = (changes: Record<string, string | null>, hash = '') => `${withParams(path, query, { days: null, ...changes })}${hash}`;
  const quarantined = map.sources.reduce((sum, s) => sum + s.quarantined, 0);
  const rejected = map.sources.reduce((sum, s) => sum + s.rejected, 0);

  return (
    <>
      <PageHead title={<>Sender map · {domain.name}</>} lead={<>Who sent mail as {domain.name} in {periodLabel(range)}, grouped into services, with a verdict for each.</>}>
        <FilterBar>
          <FailuresToggle path={path} searchParams={query} on={failures} />
        </FilterBar>
      </PageHead>
      <DomainTabs domain={domain.name} current="sources" params={query} />

      <div className="cards cards-row">
        <StatCard label="Messages" value={formatInt(totals.messages)} sub={`${plural(map.sources.length, 'source')} · ${formatPercent(totals.namedMessages, totals.messages)} from named services`} />
        <StatCard label="Authorised, passing" value={formatPercent(v.authorised_passing.messages, totals.messages)} sub={plural(v.authorised_passing.sources, 'source')} />
        <StatCard label="Fix these" value={formatInt(v.authorised_failing.sources)} sub={`${plural(v.authorised_failing.messages, 'message')} failing`} />
        <StatCard label="Forwarders / lists" value={formatPercent(v.forwarder.messages, totals.messages)} sub={plural(v.forwarder.sources, 'source')} />
        <StatCard label="Unknown / spoofing" value={formatPercent(v.unknown.messages, totals.messages)} sub={plural(v.unknown.sources, 'source')} />
        <StatCard label="Quarantined / rejected" value={`${formatInt(quarantined)} / ${formatInt(rejected)}`} sub="failing mail receivers stopped" />
      </div>

      {rows.length > 0 && (
        <Panel title={failures ? 'Failing mail by source' : 'Services by volume'} aside={<VerdictLegend />}>
          <SourceTreemap
            sources={rows.map((s) => ({
              key: s.key,
              label: s.label,
              messages: failures ? s.messages - s.dmarcPass : s.messages,
              dmarcPass: failures ? 0 : s.dmarcPass,
              verdict: s.verdict.verdict,
              href: link({ source: s.key }, '#addresses'),
            }))}
          />
        </Panel>
      )}

      <SpfPanel domain={domain.name} spf={map.spf} />

      {selected && (
        <Panel
          title={<>{selected.label} <VerdictBadge verdict={selected.verdict.verdict} /></>}
          aside={
            <span className="panel-actions">
              {canDecide && <SourceDecisionButtons domain={domain.name} sourceKey={selected.key} label={selected.label} decision={selected.decision?.decision ?? null} />}
              <Link href={carryFilters(sourcePath(domain.name, selected.key), query)}>Source page</Link>
              <Link href={link({ source: null, addresses: null }, '#sources')}>Close</Link>
            </span>
          }
          id="addresses"
        >
          <div className="panel-body">
            <p>{selected.verdict.reasons.join(' ')}</p>
            {selected.advice.length > 0 && (
              <div className={selected.verdict.verdict === 'authorised_failing' ? 'notice notice-error' : 'notice notice-info'}>
                {selected.advice.map((a) => (
                  <p key={a} style={{ margin: '4px 0' }}>
                    {a}
                  </p>
                ))}
              </div>
            )}
            <dl className="facts">
              <dt>DKIM domains</dt>
              <dd>{selected.dkimDomains.map((d) => `${d.domain} (${formatInt(d.pass)}/${formatInt(d.messages)} pass)`).join(', ') || 'none'}</dd>
              <dt>SPF (MAIL FROM) domains</dt>
              <dd>{selected.spfDomains.map((d) => `${d.domain} (${formatInt(d.pass)}/${formatInt(d.messages)} pass)`).join(', ') || 'none'}</dd>
              <dt>Receivers did</dt>
              <dd>
                {formatInt(selected.quarantined)} quarantined, {formatInt(selected.rejected)} rejected of {formatInt(selected.messages - selected.dmarcPass)} failing
              </dd>
              <dt>Reporters</dt>
              <dd>{selected.reporters.join(', ')}</dd>
            </dl>
          </div>
          <SourceAddresses addresses={addresses} limit={firstParam(query, 'addresses') === 'all' ? null : ADDRESS_LIMIT} moreHref={link({ source: selected.key, addresses: 'all' }, '#addresses-more')}
            listedOn={new Map([...addressHealth].map(([ip, h]) => [ip, h.listedOn]))}
          />
        </Panel>
      )}

      <Panel
        title={failures ? 'Sources with failing mail' : 'Sources'}
        aside={
          <span className="panel-actions">
            {totals.pendingAddresses > 0 && <span className="muted">{plural(totals.pendingAddresses, 'address', 'addresses')} still {totals.pendingAddresses === 1 ? 'waits' : 'wait'} for reverse DNS</span>}
            {canDecide && <IpHealthCheckButton domain={domain.name} lastCheckedAt={listings.lastCheckedAt?.toISOString() ?? null} />}
            <ExportMenu href={`/api/v1/domains/${encodeURIComponent(domain.name)}/sender-map?from=${range.from}&to=${range.to}${failures ? '&failures=1' : ''}`} />
          </span>
        }
        id="sources"
      >
        {rows.length === 0 ? (
          <EmptyState title={failures ? 'No failing mail in this period' : 'No mail seen in this period'}>
            <p>{failures ? `Every message sent as ${domain.name} passed DMARC.` : `Sources appear here once aggregate reports for ${domain.name} arrive.`}</p>
          </EmptyState>
        ) : (
          <SourcesTable domain={domain.name} sources={rows} params={{ ...query, days: undefined }} canDecide={canDecide} selected={selected?.key ?? null} showAll={showAll} listed={listings.bySource} />
        )}
      </Panel>
      <p className="muted" style={{ fontSize: 12.5 }}>
        Networks: RouteViews, RIR statistics (NRO) and <a href="https://db-ip.com">IP Geolocation by DB-IP</a>, CC BY 4.0; countries: ip-location-db, CC0 — shipped offline
        with the app (docs/enrichment.md).
      </p>
    </>
  );
}
