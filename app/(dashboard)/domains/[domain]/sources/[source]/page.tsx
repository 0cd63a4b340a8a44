import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { VerdictBadge } from '@/components/badges/verdict-badge';
import { DomainTabs } from '@/components/dashboard/domain-tabs';
import { periodLabel } from '@/components/dashboard/period-label';
import { senderMapOnce } from '@/components/dashboard/sender-map-cache';
import { SourceAuthPanel } from '@/components/dashboard/source-auth-panel';
import { SourceChart } from '@/components/dashboard/source-chart';
import { SourceReportersPanel } from '@/components/dashboard/source-reporters-panel';
import { ExportMenu } from '@/components/data-table/export-menu';
import { FailuresToggle } from '@/components/data-table/failures-toggle';
import { carryFilters } from '@/components/filters/carry-filters';
import { FilterBar } from '@/components/filters/filter-bar';
import { firstParam, withParams, type TSearchParams } from '@/components/filters/href';
import { parseRange } from '@/components/filters/range-params';
import { SourceAddresses } from '@/components/sources/source-addresses';
import { SourceDecisionButtons } from '@/components/sources/source-decision-buttons';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt, formatPercent } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';
import { SkeletonChart, SkeletonTable } from '@/components/ui/skeleton';
import { StatCard } from '@/components/ui/stat-card';
import { actorCan } from '@/lib/access';
import { listSourceAddresses } from '@/lib/queries';
import { SERVICE_TYPE_LABELS, sourceKeyFromParam, sourcePath } from '@/lib/sources';
import { Panel } from '@/components/ui/panel';
import { requireDomainPage } from '@/components/dashboard/require-domain-page';

type TProps = { params: Promise<{ domain: string; source: string }>; searchParams: Promise<TSearchParams> };

/** Addresses listed before a "show all" link. */
const ADDRESS_LIMIT = 25;

export const metadata: Metadata = { title: 'Source' };

export default async function SourcePage({ params, searchParams }: TProps) {
  const [{ domain: name, source }, query] = await Promise.all([params, searchParams]);
  const { actor, domain } = await requireDomainPage(name);
  const key = sourceKeyFromParam(source);
  if (!key) notFound();
  const range = parseRange(query);
  const failures = firstParam(query, 'failures') === '1';
  const ref = { id: domain.id, name: domain.name };
  const map = await senderMapOnce(actor.scope, ref, range.window);
  const s = map.sources.find((x) => x.key === key) ?? null;
  const path = sourcePath(domain.name, key);
  const sourcesHref = carryFilters(`/domains/${encodeURIComponent(domain.name)}/sources`, query);
  const head = (
    <div className="page-head">
      <div>
        <p>
          <Link href={sourcesHref}>Sender map of {domain.name}</Link> ›
        </p>
        <h1>
          {s?.label ?? key} {s && <VerdictBadge verdict={s.verdict.verdict} />}
        </h1>
        <p>
          {s ? facts(s) : key} · {periodLabel(range)}
        </p>
      </div>
      <FilterBar>
        <FailuresToggle path={path} searchParams={query} on={failures} />
      </FilterBar>
    </div>
  );
  if (!s) {
    return (
      <>
        {head}
        <DomainTabs domain={domain.name} current="sources" params={query} />
        <section className="panel">
          <EmptyState title="No mail from this source in this period">
            <p>Choose a longer period above, or go back to the sender map.</p>
            <p>
              <Link href={sourcesHref} className="btn">
                Sender map
              </Link>
            </p>
          </EmptyState>
        </section>
      </>
    );
  }
  const showAll = firstParam(query, 'addresses') === 'all';
  const addresses = await listSourceAddresses(actor.scope, domain.id, key, range.window, 5000, failures);
  const canDecide = actorCan(actor, 'sources.approve');
  const exportUrl = `/api/v1/domains/${encodeURIComponent(domain.name)}/sender-map/${encodeURIComponent(key)}?from=${range.from}&to=${range.to}${failures ? '&failures=1' : ''}`;
  return (
    <>
      {head}
      <DomainTabs domain={domain.name} current="sources" params={query} />
      <Panel
        title="Verdict"
        aside={
          canDecide && (
            <span className="panel-actions">
              <SourceDecisionButtons domain={domain.name} sourceKey={s.key} label={s.label} decision={s.decision?.decision ?? null} />
            </span>
          )
        }
        body
      >
        <p style={{ marginTop: 0 }}>{s.verdict.reasons.join(' ')}</p>
        {s.advice.length > 0 && (
          <div className={s.verdict.verdict === 'authorised_failing' ? 'notice notice-error' : 'notice notice-info'}>
            <strong>{s.verdict.verdict === 'authorised_failing' ? 'How to fix it' : 'What to do'}</strong>
            {s.advice.map((a) => (
              <p key={a} style={{ margin: '4px 0' }}>
                {a}
              </p>
            ))}
          </div>
        )}
      </Panel>

      <div className="cards cards-row">
        <StatCard label="Messages" value={formatInt(s.messages)} sub={<>{formatPercent(s.messages, map.totals.messages)} of {domain.name}</>} />
        <StatCard label="DMARC pass" value={formatPercent(s.dmarcPass, s.messages)} sub={<>{formatInt(s.messages - s.dmarcPass)} failing</>} />
        <StatCard label="Aligned DKIM" value={formatPercent(s.dkimAligned, s.messages)} sub={<>aligned SPF {formatPercent(s.spfAligned, s.messages)}</>} />
        <StatCard label="Quarantined" value={formatInt(s.quarantined)} sub={<>rejected {formatInt(s.rejected)}</>} />
        <StatCard label="Addresses" value={formatInt(s.addresses)} sub={plural(s.reporters.length, 'reporter')} />
      </div>

      <Suspense fallback={<SkeletonChart height={240} />}>
        <SourceChart scope={actor.scope} domainId={domain.id} sourceKey={key} window={range.window} failures={failures} />
      </Suspense>

      <Panel title={failures ? 'Addresses with failing mail' : 'Addresses'} aside={<ExportMenu href={exportUrl} />} id="addresses">
        {addresses.length === 0 ? (
          <p className="panel-body muted">No failing mail from this source in this period.</p>
        ) : (
          <SourceAddresses addresses={addresses} limit={showAll ? null : ADDRESS_LIMIT} moreHref={`${withParams(path, query, { addresses: 'all' })}#addresses-more`} />
        )}
      </Panel>

      <Suspense fallback={<SkeletonTable rows={4} />}>
        <SourceReportersPanel scope={actor.scope} domainId={domain.id} sourceKey={key} window={range.window} failures={failures} params={query} path={path} />
      </Suspense>
      <Suspense fallback={<SkeletonTable rows={4} />}>
        <SourceAuthPanel scope={actor.scope} domain={ref} sourceKey={key} window={range.window} failures={failures} />
      </Suspense>
    </>
  );
}

/** "Email service · AS15169 Google LLC · US · 12 addresses". */
function facts(s: { key: string; type: keyof typeof SERVICE_TYPE_LABELS | null; asn: number | null; asName: string | null; country: string | null }): string {
  const parts: string[] = [];
  if (s.type) parts.push(SERVICE_TYPE_LABELS[s.type]);
  if (s.asn) parts.push(`AS${s.asn}${s.asName ? ` ${s.asName}` : ''}`);
  if (s.country) parts.push(s.country);
  parts.push(s.key);
  return parts.join(' · ');
}
