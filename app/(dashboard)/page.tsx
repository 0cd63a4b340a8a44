import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { requireActor } from '@/lib/access';
import { getDomainDailyStats, listDomainSummaries } from '@/lib/queries';
import { TimeSeriesChart } from '@/components/charts/time-series-chart';
import { DomainCard } from '@/components/dashboard/domain-card';
import { failureDays, failureSummary } from '@/components/dashboard/failure-series';
import { periodLabel, trendLabel } from '@/components/dashboard/period-label';
import { Trend } from '@/components/dashboard/trend';
import { FailuresToggle } from '@/components/data-table/failures-toggle';
import { DomainTable } from '@/components/domains/domain-table';
import { carryFilters } from '@/components/filters/carry-filters';
import { FilterBar } from '@/components/filters/filter-bar';
import { firstParam, type TSearchParams } from '@/components/filters/href';
import { parseRange } from '@/components/filters/range-params';
import { EmptyState } from '@/components/ui/empty-state';
import { formatInt, formatPercent } from '@/components/ui/format';
import { SkeletonChart } from '@/components/ui/skeleton';
import { StatCard } from '@/components/ui/stat-card';
import styles from '@/components/dashboard/dashboard.module.css';
import type { TAccessScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import { formatDay } from '@/lib/platform/dates';
import { Panel } from '@/components/ui/panel';
import { PageHead } from '@/components/ui/page-head';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  await connection();
  const actor = await requireActor();
  const params = await searchParams;
  const range = parseRange(params);
  const failures = firstParam(params, 'failures') === '1';
  const all = await listDomainSummaries(actor.scope, range.window);
  const unknownDomain = range.domain !== null && !all.some((d) => d.name === range.domain);
  const domains = range.domain && !unknownDomain ? all.filter((d) => d.name === range.domain) : all;
  const sum = (pick: (d: (typeof domains)[number]) => number) => domains.reduce((total, d) => total + pick(d), 0);
  const messages = sum((d) => d.messages);
  const pass = sum((d) => d.dmarcPass);
  const before = { messages: sum((d) => d.previous.messages), pass: sum((d) => d.previous.dmarcPass) };
  const scope: TAccessScope = { ...actor.scope, domainIds: domains.map((d) => d.id) };
  const cardQuery = carryFilters('', params);
  const cardDomains = domains.map((d) => ({ id: d.id, name: d.name }));

  if (all.length === 0) {
    return (
      <>
        <PageHead title="Overview" lead="Every domain you watch, with what receivers report about its mail." />
        <section className="panel">
          <EmptyState title="No domains yet">
            <p>Add a domain, then point its DMARC <code>rua</code> address at a mailbox Atlas reads, or upload report files.</p>
            <p>
              <Link href="/settings/domains" className="btn btn-primary">
                Add a domain
              </Link>{' '}
              <Link href="/settings/mailboxes" className="btn">
                Connect a mailbox
              </Link>
            </p>
            <p>Reports already received for a domain nobody owns are kept aside and join it when it is added.</p>
          </EmptyState>
        </section>
      </>
    );
  }

  return (
    <>
      <PageHead
        title="Overview"
        lead={
          <>
            Mail sent as {range.domain && !unknownDomain ? range.domain : `your ${formatInt(all.length)} domains`} in {periodLabel(range)} (UTC days).
          </>
        }
      >
        <FilterBar domains={all.map((d) => d.name)}>
          <FailuresToggle path="/" searchParams={params} on={failures} />
        </FilterBar>
      </PageHead>
      {unknownDomain && <p className="notice notice-info">{range.domain} is not one of your domains: showing all of them.</p>}

      <div className="cards">
        <StatCard label="Messages" value={formatInt(messages)} sub={<Trend now={messages} before={before.messages} kind="percent" label={trendLabel(range)} />} />
        <StatCard label="DMARC pass" value={formatPercent(pass, messages)} sub={<Trend now={messages ? pass / messages : null} before={before.messages ? before.pass / before.messages : null} kind="points" label={trendLabel(range)} />} />
        <StatCard
          label="Failed DMARC"
          value={formatInt(messages - pass)}
          sub={
            <>
              {formatInt(sum((d) => d.quarantined))} quarantined · {formatInt(sum((d) => d.rejected))} rejected
            </>
          }
        />
        <StatCard label="Reports" value={formatInt(sum((d) => d.reports))} sub="begun in this period" />
      </div>

      <section aria-label="Domains" className={styles.domainGrid}>
        {domains.map((d) => (
          <DomainCard key={d.id} domain={d} siblings={cardDomains} scope={actor.scope} window={range.window} query={cardQuery} periodLabel={trendLabel(range)} />
        ))}
      </section>

      <Suspense fallback={<SkeletonChart />}>
        <OverviewChart scope={scope} window={range.window} failures={failures} title={failures ? `Mail failing DMARC, ${periodLabel(range)}` : `Authentication, ${periodLabel(range)}`} />
      </Suspense>

      <DomainTable domains={domains} failures={failures} params={params} exportUrl={`/api/v1/domains?from=${range.from}&to=${range.to}${range.domain && !unknownDomain ? `&domain=${range.domain}` : ''}`} />
    </>
  );
}

async function OverviewChart({ scope, window, failures, title }: { scope: TAccessScope; window: TDayWindow; failures: boolean; title: string }) {
  const days = await getDomainDailyStats(scope, null, window);
  const shown = failures ? failureDays(days) : days;
  return (
    <Panel title={title} aside={<span className="muted">{failures ? 'failing messages per day' : 'messages per day; DMARC pass, aligned DKIM and aligned SPF'}</span>}>
      <TimeSeriesChart days={shown} window={{ from: formatDay(window.start), to: formatDay(window.end) }} rates={!failures} summary={failures ? failureSummary(shown) : undefined} />
    </Panel>
  );
}
