import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { connection } from 'next/server';
import { Suspense } from 'react';
import { z } from 'zod';
import { PolicyBadge } from '@/components/badges/policy-badge';
import { parseTableParams } from '@/components/data-table/table-params';
import type { TSearchParams } from '@/components/filters/href';
import { AuthenticityBadge, NOT_BY_MAIL_TEXT } from '@/components/reports/authenticity-badge';
import { ReportPeriod } from '@/components/reports/report-period';
import { ReportRecords } from '@/components/reports/report-records';
import { ReportXmlPanel } from '@/components/reports/report-xml-panel';
import { formatInt, formatPercent } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';
import { SkeletonTable } from '@/components/ui/skeleton';
import { StatCard } from '@/components/ui/stat-card';
import { requireActor } from '@/lib/access';
import { getReport } from '@/lib/queries';
import styles from '@/components/reports/reports.module.css';
import { Panel } from '@/components/ui/panel';
import { PageHead } from '@/components/ui/page-head';

export const metadata: Metadata = { title: 'Report' };

const ZId = z.string().regex(/^\d{1,18}$/);
/** Reporter-declared errors and parser warnings: lists of strings, read defensively. */
const ZStrings = z.array(z.unknown()).catch([]).transform((a) => a.filter((x): x is string => typeof x === 'string'));
const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

type TProps = { params: Promise<{ id: string }>; searchParams: Promise<TSearchParams> };

export default async function ReportPage({ params, searchParams }: TProps) {
  await connection();
  const actor = await requireActor();
  const { id } = await params;
  const query = await searchParams;
  if (!ZId.safeParse(id).success) notFound();
  // Metadata only (no records): the records table pages through them below.
  const found = await getReport(actor.scope, BigInt(id), 0);
  if (!found) notFound();
  const { report, authenticity } = found;
  const messages = Number(report.messageCount);
  const pass = Number(report.dmarcPass);
  const domain = report.domain?.name ?? report.policyDomain;
  const errors = ZStrings.parse(report.errors);
  const warnings = ZStrings.parse(report.warnings);
  const path = `/reports/${id}`;
  const records = parseTableParams(query, { sortKeys: ['count'] as const, defaultSort: 'count', pageSize: 100 });
  return (
    <>
      <nav aria-label="Breadcrumb" className="muted" style={{ fontSize: 14, marginBottom: 6 }}>
        <Link href={`/reports?domain=${encodeURIComponent(domain)}`}>Reports</Link> › {report.orgName}
      </nav>
      <PageHead
        title={
          <>
            Report from {report.orgName} · {domain}
          </>
        }
        lead={
          <>
            <ReportPeriod begin={report.beginAt} end={report.endAt} /> <AuthenticityBadge auth={authenticity} />
          </>
        }
      >
        <a className="btn" href={`/api/v1/reports/${id}/xml`} download>
          Download XML
        </a>
      </PageHead>

      <div className="cards">
        <StatCard label="Messages" value={formatInt(messages)} sub={plural(report.recordCount, 'record')} />
        <StatCard label="DMARC pass" value={formatPercent(pass, messages)} sub={`${formatInt(messages - pass)} failing`} />
        <StatCard label="DKIM aligned" value={formatPercent(Number(report.dkimAlignedPass), messages)} />
        <StatCard label="SPF aligned" value={formatPercent(Number(report.spfAlignedPass), messages)} sub={plural(report.sourceIpCount, 'source IP')} />
      </div>

      <div className={styles.detailGrid}>
        <Panel title="Report" headingId="meta-title" body>
          <dl className="facts">
            <dt>Reporter</dt>
            <dd>{report.orgName}</dd>
            <dt>Authenticity</dt>
            <dd>
              {authenticity.verified ? 'Verified' : 'Not verified'}: {authenticity.note ?? NOT_BY_MAIL_TEXT}
            </dd>
            <dt>Contact</dt>
            <dd>{report.reporterEmail ?? '—'}</dd>
            {report.extraContactInfo && (
              <>
                <dt>More contact</dt>
                <dd>{report.extraContactInfo}</dd>
              </>
            )}
            <dt>Report id</dt>
            <dd className={styles.reportId}>{report.reportId}</dd>
            <dt>Covers</dt>
            <dd>
              {utc(report.beginAt)} – {utc(report.endAt)}
            </dd>
            <dt>Received</dt>
            <dd>
              {utc(report.createdAt)}
              {report.replacements > 0 && ` · replaced by a corrected copy ${plural(report.replacements, 'time')}`}
            </dd>
            <dt>Format</dt>
            <dd>{report.namespace?.includes('dmarc-2.0') ? 'DMARCbis' : 'RFC 7489'}{report.version ? ` · version ${report.version}` : ''}{report.generator ? ` · ${report.generator}` : ''}</dd>
            {errors.length > 0 && (
              <>
                <dt>Reporter errors</dt>
                <dd>{errors.join(' · ')}</dd>
              </>
            )}
            {warnings.length > 0 && (
              <>
                <dt>Parser notes</dt>
                <dd>{warnings.slice(0, 10).join(' · ')}{warnings.length > 10 ? ` (+${warnings.length - 10} more)` : ''}</dd>
              </>
            )}
          </dl>
        </Panel>
        <Panel title="Policy published" aside={<PolicyBadge p={report.p} sp={report.sp} np={report.np} pct={report.pct} testing={report.testing} />} headingId="policy-title" body>
          <dl className="facts">
            <dt>Domain</dt>
            <dd>{report.policyDomain}</dd>
            <dt>p (policy)</dt>
            <dd>{report.p ?? '—'}</dd>
            <dt>sp (subdomains)</dt>
            <dd>{report.sp ?? '— (same as p)'}</dd>
            {report.np !== null && (
              <>
                <dt>np (non-existent)</dt>
                <dd>{report.np}</dd>
              </>
            )}
            <dt>pct</dt>
            <dd>{report.pct ?? '— (100)'}</dd>
            <dt>adkim / aspf</dt>
            <dd>
              {report.adkim ?? 'r'} / {report.aspf ?? 'r'} <span className="muted">(r relaxed, s strict)</span>
            </dd>
            {report.fo !== null && (
              <>
                <dt>fo</dt>
                <dd>{report.fo}</dd>
              </>
            )}
            {report.testing !== null && (
              <>
                <dt>testing (t)</dt>
                <dd>{report.testing}</dd>
              </>
            )}
            {report.discoveryMethod !== null && (
              <>
                <dt>Discovery</dt>
                <dd>{report.discoveryMethod}</dd>
              </>
            )}
          </dl>
        </Panel>
      </div>

      <Suspense fallback={<SkeletonTable rows={8} />}>
        <ReportRecords scope={actor.scope} reportRowId={report.id} policyDomain={report.policyDomain} state={records} path={path} searchParams={query} />
      </Suspense>
      <Suspense fallback={<SkeletonTable rows={12} />}>
        <ReportXmlPanel scope={actor.scope} reportRowId={report.id} />
      </Suspense>
    </>
  );
}
