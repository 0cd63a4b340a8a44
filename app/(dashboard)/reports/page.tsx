import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { FilterBar } from '@/components/filters/filter-bar';
import { withParams, type TSearchParams } from '@/components/filters/href';
import { parseReportListParams } from '@/components/reports/report-filters';
import { ReportSearch } from '@/components/reports/report-search';
import { ReportsTable } from '@/components/reports/reports-table';
import { EmptyState } from '@/components/ui/empty-state';
import { SkeletonTable } from '@/components/ui/skeleton';
import { requireActor } from '@/lib/access';
import { listScopeDomains } from '@/lib/queries';
import { PageHead } from '@/components/ui/page-head';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  await connection();
  const actor = await requireActor();
  const query = await searchParams;
  const params = parseReportListParams(query);
  const domains = await listScopeDomains(actor.scope);
  const domain = params.range.domain ? domains.find((d) => d.name === params.range.domain) : undefined;
  return (
    <>
      <PageHead title="Reports" lead="Every aggregate report received for your domains: who sent it, what it says, and its XML as received.">
        <FilterBar domains={domains.map((d) => d.name)} />
      </PageHead>
      {domains.length === 0 ? (
        <section className="panel">
          <EmptyState title="No domains yet">
            <p>Reports appear here once a domain is added and its DMARC record sends aggregate reports to Atlas.</p>
            <p>
              <Link href="/settings/domains" className="btn btn-primary">
                Add a domain
              </Link>
            </p>
          </EmptyState>
        </section>
      ) : params.range.domain && !domain ? (
        <section className="panel">
          <EmptyState title={`No domain ${params.range.domain} here`}>
            <p>It is not one of this organisation&apos;s domains, or you were not given access to it.</p>
            <p>
              <Link href={withParams('/reports', query, { domain: null, page: null })} className="btn">
                Show every domain
              </Link>
            </p>
          </EmptyState>
        </section>
      ) : (
        <>
          <ReportSearch path="/reports" searchParams={query} q={params.q} reporter={params.reporter} />
          {/* Keyed by the query: a new filter shows the skeleton rather than the old rows. */}
          <Suspense key={JSON.stringify(query)} fallback={<SkeletonTable rows={10} />}>
            <ReportsTable scope={actor.scope} params={params} domainId={domain?.id} searchParams={query} />
          </Suspense>
        </>
      )}
    </>
  );
}
