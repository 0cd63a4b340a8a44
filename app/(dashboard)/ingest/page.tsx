import type { Metadata } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { parseTableParams } from '@/components/data-table/table-params';
import { firstParam, type TSearchParams } from '@/components/filters/href';
import { IngestLogTable } from '@/components/ingest/ingest-log-table';
import { UploadDropzone } from '@/components/ingest/upload-dropzone';
import { NoAccess } from '@/components/settings/no-access';
import { SkeletonTable } from '@/components/ui/skeleton';
import { actorCan, requireActor } from '@/lib/access';
import styles from '@/components/ingest/ingest.module.css';
import { INGEST_LOG_FILTERS, type TIngestLogFilter } from '@/lib/queries';
import { Panel } from '@/components/ui/panel';
import { PageHead } from '@/components/ui/page-head';

export const metadata: Metadata = { title: 'Upload and ingest log' };

const FILTER_LABELS: Record<TIngestLogFilter, string> = { attention: 'Needs attention', failed: 'Failed', set_aside: 'Set aside', all: 'All' };

export default async function IngestPage({ searchParams }: { searchParams: Promise<TSearchParams> }) {
  await connection();
  const actor = await requireActor();
  const query = await searchParams;
  if (!actorCan(actor, 'reports.ingest')) {
    return (
      <>
        <PageHead title="Upload and ingest log" />
        <NoAccess what="Uploading reports and reading the ingest log" />
      </>
    );
  }
  const filter = INGEST_LOG_FILTERS.find((f) => f === firstParam(query, 'status')) ?? 'attention';
  const state = parseTableParams(query, { sortKeys: ['when'] as const, defaultSort: 'when', pageSize: 50 });
  const viewer = { organizationIds: [actor.organizationId], instanceAdmin: actor.isInstanceAdmin };
  return (
    <>
      <PageHead title="Upload and ingest log" lead="Add report files by hand, and see every input that could not be read or is waiting for its domain." />
      <Panel title="Upload reports" aside={<span className="muted">Scripts: POST /api/v1/reports with an ingest token</span>} headingId="upload-title">
        <UploadDropzone />
      </Panel>
      <nav className={`tabs ${styles.tabs}`} aria-label="Which inputs">
        {INGEST_LOG_FILTERS.map((f) => (
          <Link key={f} href={f === 'attention' ? '/ingest' : `/ingest?status=${f}`} aria-current={f === filter ? 'page' : undefined}>
            {FILTER_LABELS[f]}
          </Link>
        ))}
      </nav>
      <Suspense key={JSON.stringify(query)} fallback={<SkeletonTable rows={6} />}>
        <IngestLogTable viewer={viewer} filter={filter} state={state} canReprocess searchParams={query} />
      </Suspense>
    </>
  );
}
