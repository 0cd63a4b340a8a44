import { prisma, Prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';
import { readAuthenticity } from './report-authenticity';
import { reportFilterSql, type TReportFilters, type TReportSort } from './report-filters';

export interface TReportSummary {
  id: string;
  domain: string;
  reporter: string;
  reporterEmail: string | null;
  reportId: string;
  begin: Date;
  end: Date;
  policy: { p: string | null; sp: string | null; pct: string | null };
  records: number;
  messages: number;
  dmarcPass: number;
  dkimAlignedPass: number;
  spfAlignedPass: number;
  receivedAt: Date;
  /** The DKIM signing domain that verified the report's mail (capped), null when unverified. */
  verifiedBy: string | null;
}

export interface TReportPage {
  reports: TReportSummary[];
  /** Matching reports, counted up to REPORT_COUNT_CAP. */
  total: number;
  /** True when more than REPORT_COUNT_CAP match: `total` is a lower bound ("10,000+"). */
  totalCapped: boolean;
}

/**
 * Counting stops here: a count over millions of reports costs as much as reading them, and
 * nobody pages that deep — they narrow the period or the filters instead.
 */
export const REPORT_COUNT_CAP = 10_000;
/** Deepest row a page may start at (OFFSET walks the index this far per domain). */
export const REPORT_MAX_OFFSET = 100_000;

interface TRow {
  id: string;
  domain: string;
  org_name: string;
  reporter_email: string | null;
  report_id: string;
  begin_at: Date;
  end_at: Date;
  p: string | null;
  sp: string | null;
  pct: string | null;
  record_count: number;
  message_count: string;
  dmarc_pass: string;
  dkim_aligned_pass: string;
  spf_aligned_pass: string;
  created_at: Date;
  verified_by: string | null;
}

const COLUMNS = Prisma.sql`r.id, r.domain_id, r.org_name, r.reporter_email, r.report_id, r.begin_at, r.end_at, r.p, r.sp, r.pct,
  r.record_count, r.message_count, r.dmarc_pass, r.dkim_aligned_pass, r.spf_aligned_pass, r.created_at, r.verified_by`;

const fields = Prisma.sql`x.id::text, d.name AS domain, x.org_name, x.reporter_email, x.report_id, x.begin_at, x.end_at, x.p, x.sp, x.pct,
  x.record_count, x.message_count::text, x.dmarc_pass::text, x.dkim_aligned_pass::text, x.spf_aligned_pass::text, x.created_at, x.verified_by`;

const SORT_SQL: Record<Exclude<TReportSort, 'begin'>, Prisma.Sql> = {
  messages: Prisma.sql`x.message_count`,
  pass_rate: Prisma.sql`x.dmarc_pass::float8 / nullif(x.message_count, 0)`,
  reporter: Prisma.sql`lower(x.org_name)`,
  domain: Prisma.sql`d.name`,
};

/**
 * One page of the scope's reports in a window, newest first by default. Sorted by date, each
 * domain's newest reports are read from the index report(domain_id, begin_at) — at most
 * OFFSET+LIMIT of them per domain — and merged, so page 1 costs the same at a thousand or ten
 * million reports, and for a viewer with one small domain too. Other sorts read the window's
 * matching reports (bounded by the period). The total is counted up to REPORT_COUNT_CAP.
 */
export async function listReports(
  scope: TAccessScope,
  filters: TReportFilters & { sort?: TReportSort; dir?: 'asc' | 'desc'; page: number; perPage: number },
): Promise<TReportPage> {
  const domainIds = filters.domainId === undefined ? scope.domainIds : scope.domainIds.filter((id) => id === filters.domainId);
  const offset = (filters.page - 1) * filters.perPage;
  if (domainIds.length === 0 || offset > REPORT_MAX_OFFSET) return { reports: [], total: 0, totalCapped: false };
  const where = Prisma.join(reportFilterSql(filters), ' AND ');
  const dir = filters.dir === 'asc' ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const sort = filters.sort ?? 'begin';
  const rows =
    sort === 'begin'
      ? await prisma().$queryRaw<TRow[]>`
          SELECT ${fields}
            FROM unnest(${domainIds}::int[]) AS s(domain_id)
            CROSS JOIN LATERAL (
              SELECT ${COLUMNS} FROM report r
               WHERE r.domain_id = s.domain_id AND ${where}
               ORDER BY r.begin_at ${dir}, r.id ${dir}
               LIMIT ${offset + filters.perPage}
            ) x
            JOIN domain d ON d.id = x.domain_id
           ORDER BY x.begin_at ${dir}, x.id ${dir}
           LIMIT ${filters.perPage} OFFSET ${offset}`
      : await prisma().$queryRaw<TRow[]>`
          SELECT ${fields}
            FROM (SELECT ${COLUMNS} FROM report r WHERE r.domain_id = ANY(${domainIds}::int[]) AND ${where}) x
            JOIN domain d ON d.id = x.domain_id
           ORDER BY ${SORT_SQL[sort]} ${dir} NULLS LAST, x.begin_at DESC, x.id DESC
           LIMIT ${filters.perPage} OFFSET ${offset}`;
  const [counted] = await prisma().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM report r WHERE r.domain_id = ANY(${domainIds}::int[]) AND ${where} LIMIT ${REPORT_COUNT_CAP + 1}
    ) t`;
  const n = counted?.n ?? 0;
  return { reports: rows.map(toSummary), total: Math.min(n, REPORT_COUNT_CAP), totalCapped: n > REPORT_COUNT_CAP };
}

function toSummary(r: TRow): TReportSummary {
  return {
    id: r.id,
    domain: r.domain,
    reporter: r.org_name,
    reporterEmail: r.reporter_email,
    reportId: r.report_id,
    begin: r.begin_at,
    end: r.end_at,
    policy: { p: r.p, sp: r.sp, pct: r.pct },
    records: r.record_count,
    messages: Number(r.message_count),
    dmarcPass: Number(r.dmarc_pass),
    dkimAlignedPass: Number(r.dkim_aligned_pass),
    spfAlignedPass: Number(r.spf_aligned_pass),
    receivedAt: r.created_at,
    verifiedBy: readAuthenticity(r.verified_by, null).verifiedBy,
  };
}
