import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { PolicyBadge } from '@/components/badges/policy-badge';
import { DomainChart } from '@/components/dashboard/domain-chart';
import { DomainCountriesPanel } from '@/components/dashboard/domain-countries-panel';
import { DomainReportersPanel } from '@/components/dashboard/domain-reporters-panel';
import { DomainSourcesPanel } from '@/components/dashboard/domain-sources-panel';
import { DomainTabs } from '@/components/dashboard/domain-tabs';
import { DomainTreemapPanel } from '@/components/dashboard/domain-treemap-panel';
import { nextEnforcementStep } from '@/components/dashboard/next-enforcement-step';
import { NoReportsYet } from '@/components/dashboard/no-reports-yet';
import { periodLabel, trendLabel } from '@/components/dashboard/period-label';
import { Trend } from '@/components/dashboard/trend';
import styles from '@/components/dashboard/dashboard.module.css';
import { FailuresToggle } from '@/components/data-table/failures-toggle';
import { FilterBar } from '@/components/filters/filter-bar';
import { firstParam, type TSearchParams } from '@/components/filters/href';
import { parseRange } from '@/components/filters/range-params';
import { formatDate, formatInt, formatPercent } from '@/components/ui/format';
import { SkeletonChart, SkeletonTable } from '@/components/ui/skeleton';
import { StatCard } from '@/components/ui/stat-card';
import { listDomainSummaries } from '@/lib/queries';
import { PageHead } from '@/components/ui/page-head';
import { requireDomainPage } from '@/components/dashboard/require-domain-page';

type TProps = { params: Promise<{ domain: string }>; searchParams: Promise<TSearchParams> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: decodeURIComponent((await params).domain).slice(0, 253) };
}

export default async function DomainPage({ params, searchParams }: TProps) {
  const [{ domain: name }, query] = await Promise.all([params, searchParams]);
  const { actor, domain } = await requireDomainPage(name);
  const range = parseRange(query);
  const failures = firstParam(query, 'failures') === '1';
  const [summary] = await listDomainSummaries({ ...actor.scope, domainIds: [domain.id] }, range.window);
  const path = `/domains/${encodeURIComponent(domain.name)}`;
  const exportQuery = `?from=${range.from}&to=${range.to}${failures ? '&failures=1' : ''}`;
  const step = nextEnforcementStep(summary?.policy ?? null);
  const rate = (pass: number, all: number) => (all ? pass / all : null);
  const ref = { id: domain.id, name: domain.name };

  return (
    <>
      <PageHead
        title={domain.name}
        lead={
          <>
            {summary?.policy ? (
              <>
                <PolicyBadge p={summary.policy.p} sp={summary.policy.sp} np={summary.policy.np} pct={summary.policy.pct} testing={summary.policy.testing} />{' '}
                <span>as reported by {summary.policy.reporter}, {formatDate(summary.policy.reportedAt)} · </span>
              </>
            ) : null}
            {periodLabel(range)}
          </>
        }
      >
        <FilterBar>
          <FailuresToggle path={path} searchParams={query} on={failures} />
        </FilterBar>
      </PageHead>
      <DomainTabs domain={domain.name} current="overview" params={query} />

      {!summary || summary.messages === 0 ? (
        <section className="panel">
          <NoReportsYet domain={domain.name} everReported={summary?.lastReportAt !== null && summary?.lastReportAt !== undefined} />
        </section>
      ) : (
        <>
          <div className="cards cards-row">
            {failures ? (
              <StatCard label="Failed DMARC" value={formatInt(summary.messages - summary.dmarcPass)} sub={<>of {formatInt(summary.messages)} messages</>} />
            ) : (
              <StatCard label="Messages" value={formatInt(summary.messages)} sub={<Trend now={summary.messages} before={summary.previous.messages} kind="percent" label={trendLabel(range)} />} />
            )}
            <StatCard
              label="DMARC pass"
              value={formatPercent(summary.dmarcPass, summary.messages)}
              sub={<Trend now={rate(summary.dmarcPass, summary.messages)} before={rate(summary.previous.dmarcPass, summary.previous.messages)} kind="points" label={trendLabel(range)} />}
            />
            <StatCard label="Aligned DKIM" value={formatPercent(summary.dkimAligned, summary.messages)} sub={<>aligned SPF {formatPercent(summary.spfAligned, summary.messages)}</>} />
            <StatCard label="Quarantined" value={formatInt(summary.quarantined)} sub={<>rejected {formatInt(summary.rejected)}</>} />
            <StatCard label="Reports" value={formatInt(summary.reports)} sub="begun in this period" />
          </div>

          <div className={`notice ${step.done ? 'notice-ok' : 'notice-info'} ${styles.stepNotice}`}>
            <span>
              <strong>{step.done ? 'Enforced.' : `Next step: ${step.label}.`}</strong> {step.detail}
            </span>
            <Link href={`${path}/enforcement`} className="btn btn-small">
              Enforcement wizard
            </Link>
          </div>

          <Suspense fallback={<SkeletonChart height={300} />}>
            <DomainChart scope={actor.scope} domain={ref} window={range.window} failures={failures} />
          </Suspense>

          <Suspense fallback={<SkeletonTable rows={5} />}>
            <DomainSourcesPanel scope={actor.scope} domain={ref} window={range.window} failures={failures} params={query} exportQuery={exportQuery} />
          </Suspense>
          <Suspense fallback={<SkeletonTable rows={5} />}>
            <DomainReportersPanel scope={actor.scope} domain={ref} window={range.window} failures={failures} params={query} exportQuery={exportQuery} />
          </Suspense>

          <Suspense fallback={<SkeletonChart height={300} />}>
            <DomainTreemapPanel scope={actor.scope} domain={ref} window={range.window} failures={failures} params={query} />
          </Suspense>
          <Suspense fallback={<SkeletonChart height={300} />}>
            <DomainCountriesPanel scope={actor.scope} domainId={domain.id} window={range.window} failures={failures} />
          </Suspense>
        </>
      )}
    </>
  );
}
