import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { DomainTabs } from '@/components/enforcement/domain-tabs';
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
import { actorCan, requireActor } from '@/lib/access';
import { dayWindow, formatDay } from '@/lib/platform/dates';
import { findDomainInScope, listIpHealth, listSourceAddresses, listSourceListings } from '@/lib/queries';
import { buildSenderMap, SPF_LOOKUP_LIMIT } from '@/lib/sources';
import { plural } from '@/components/ui/plural';

export const metadata: Metadata = { title: 'Sender map' };

const WINDOWS = [7, 30, 90] as const;
/** Addresses shown for a selected source before a "show all" link. */
const ADDRESS_LIMIT = 25;

type TProps = { params: Promise<{ domain: string }>; searchParams: Promise<{ days?: string; source?: string; all?: string; addresses?: string }> };

export default async function SourcesPage({ params, searchParams }: TProps) {
  await connection();
  const actor = await requireActor();
  const { domain: name } = await params;
  const query = await searchParams;
  const domain = await findDomainInScope(actor.scope, decodeURIComponent(name));
  if (!domain) notFound();
  const days = WINDOWS.find((d) => String(d) === query.days) ?? 30;
  const window = dayWindow({ days });
  const map = await buildSenderMap(actor.scope, domain, window);
  const selected = map.sources.find((s) => s.key === query.source) ?? null;
  const addresses = selected ? await listSourceAddresses(actor.scope, domain.id, selected.key, window) : [];
  const [listings, addressHealth] = await Promise.all([listSourceListings(actor.scope, domain.id, window), listIpHealth(actor.scope, addresses.map((a) => a.ip))]);
  const canDecide = actorCan(actor, 'sources.approve');
  const { totals } = map;
  const v = totals.byVerdict;
  const base = `/domains/${encodeURIComponent(domain.name)}/sources`;
  const showAll = query.all === '1';

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Sender map · {domain.name}</h1>
          <p>
            Who sent mail as {domain.name} from {formatDay(window.start)} to {formatDay(new Date(window.end.getTime() - 86_400_000))}, grouped into services, with a verdict for each.
          </p>
        </div>
        <nav className="tabs" aria-label="Period">
          {WINDOWS.map((d) => (
            <Link key={d} href={`${base}?days=${d}${showAll ? '&all=1' : ''}`} aria-current={d === days ? 'page' : undefined}>
              {d} days
            </Link>
          ))}
        </nav>
      </div>
      <DomainTabs domain={domain.name} current="sources" />

      <div className="cards cards-row">
        <StatCard label="Messages" value={formatInt(totals.messages)} sub={`${plural(map.sources.length, 'source')} · ${formatPercent(totals.namedMessages, totals.messages)} from named services`} />
        <StatCard label="Authorised, passing" value={formatPercent(v.authorised_passing.messages, totals.messages)} sub={plural(v.authorised_passing.sources, 'source')} />
        <StatCard label="Fix these" value={formatInt(v.authorised_failing.sources)} sub={`${plural(v.authorised_failing.messages, 'message')} failing`} />
        <StatCard label="Forwarders / lists" value={formatPercent(v.forwarder.messages, totals.messages)} sub={plural(v.forwarder.sources, 'source')} />
        <StatCard label="Unknown / spoofing" value={formatPercent(v.unknown.messages, totals.messages)} sub={plural(v.unknown.sources, 'source')} />
      </div>

      {map.sources.length > 0 && (
        <section className="panel">
          <div className="panel-head">
            <h2>Services by volume</h2>
            <VerdictLegend />
          </div>
          <SourceTreemap
            sources={map.sources.map((s) => ({
              key: s.key,
              label: s.label,
              messages: s.messages,
              dmarcPass: s.dmarcPass,
              verdict: s.verdict.verdict,
              href: `${base}?days=${days}${showAll ? '&all=1' : ''}&source=${encodeURIComponent(s.key)}#addresses`,
            }))}
          />
        </section>
      )}

      <section className="panel">
        <div className="panel-head">
          <h2>SPF of {domain.name}</h2>
          <span className="muted">{map.spf.checkedAt ? `checked ${map.spf.checkedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'not checked yet'}</span>
        </div>
        <div className="panel-body">
          {map.spf.status === null ? (
            <p className="muted">The worker looks the record up within a minute or two, then again every few hours (ATLAS_SPF_TTL_HOURS).</p>
          ) : map.spf.status === 'ok' ? (
            <>
              <code style={{ wordBreak: 'break-all' }}>{map.spf.record}</code>
              <p>
                <span className={map.spf.lookups > SPF_LOOKUP_LIMIT ? 'badge badge-fail' : map.spf.lookups >= 8 ? 'badge badge-warn' : 'badge badge-pass'}>
                  {map.spf.lookups} / {SPF_LOOKUP_LIMIT} DNS lookups
                </span>{' '}
                {map.spf.errors.length > 0 && <span className="muted">{map.spf.errors.join(' · ')}</span>}
              </p>
            </>
          ) : (
            <p>
              <span className="badge badge-fail">{map.spf.status === 'none' ? 'no SPF record' : map.spf.status}</span> {map.spf.errors.join(' · ')}
            </p>
          )}
        </div>
      </section>

      {selected && (
        <section className="panel" id="addresses">
          <div className="panel-head">
            <h2>
              {selected.label} <VerdictBadge verdict={selected.verdict.verdict} />
            </h2>
            <span className="panel-actions">
              {canDecide && <SourceDecisionButtons domain={domain.name} sourceKey={selected.key} label={selected.label} decision={selected.decision?.decision ?? null} />}
              <Link href={`${base}?days=${days}${showAll ? '&all=1' : ''}#sources`}>Close</Link>
            </span>
          </div>
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
              <dt>Reporters</dt>
              <dd>{selected.reporters.join(', ')}</dd>
            </dl>
          </div>
          <SourceAddresses
            addresses={addresses}
            limit={query.addresses === 'all' ? null : ADDRESS_LIMIT}
            moreHref={`${base}?days=${days}${showAll ? '&all=1' : ''}&source=${encodeURIComponent(selected.key)}&addresses=all#addresses-more`}
            listedOn={new Map([...addressHealth].map(([ip, h]) => [ip, h.listedOn]))}
          />
        </section>
      )}

      <section className="panel" id="sources">
        <div className="panel-head">
          <h2>Sources</h2>
          {totals.pendingAddresses > 0 && <span className="muted">{plural(totals.pendingAddresses, 'address', 'addresses')} still {totals.pendingAddresses === 1 ? 'waits' : 'wait'} for reverse DNS</span>}
          {canDecide && <IpHealthCheckButton domain={domain.name} lastCheckedAt={listings.lastCheckedAt?.toISOString() ?? null} />}
        </div>
        {map.sources.length === 0 ? (
          <EmptyState title="No mail seen in this period">
            <p>Sources appear here once aggregate reports for {domain.name} arrive.</p>
          </EmptyState>
        ) : (
          <SourcesTable domain={domain.name} sources={map.sources} days={days} canDecide={canDecide} selected={selected?.key ?? null} showAll={showAll} listed={listings.bySource} />
        )}
      </section>
      <p className="muted" style={{ fontSize: 12.5 }}>
        Networks: RouteViews, RIR statistics (NRO) and <a href="https://db-ip.com">IP Geolocation by DB-IP</a>, CC BY 4.0; countries: ip-location-db, CC0 — shipped offline
        with the app (docs/enrichment.md).
      </p>
    </>
  );
}
