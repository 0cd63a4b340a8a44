import { prisma, Prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TAccessScope } from '@/lib/access';

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
  receivedAt: Date;
}

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
  created_at: Date;
  total: string;
}

/** Reports of the scope's domains (optionally one domain and a window by report start), newest first. */
export async function listReports(
  scope: TAccessScope,
  options: { domainId?: number; window?: TDayWindow; page: number; perPage: number },
): Promise<{ reports: TReportSummary[]; total: number }> {
  if (scope.domainIds.length === 0) return { reports: [], total: 0 };
  const filters = [Prisma.sql`r.domain_id = ANY(${scope.domainIds})`];
  if (options.domainId !== undefined) filters.push(Prisma.sql`r.domain_id = ${options.domainId}`);
  if (options.window) filters.push(Prisma.sql`r.begin_at >= ${options.window.start} AND r.begin_at < ${options.window.end}`);
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT r.id::text, d.name AS domain, r.org_name, r.reporter_email, r.report_id, r.begin_at, r.end_at,
           r.p, r.sp, r.pct, r.record_count, r.message_count::text, r.dmarc_pass::text, r.created_at,
           count(*) OVER ()::text AS total
      FROM report r
      JOIN domain d ON d.id = r.domain_id
     WHERE ${Prisma.join(filters, ' AND ')}
     ORDER BY r.begin_at DESC, r.id DESC
     LIMIT ${options.perPage} OFFSET ${(options.page - 1) * options.perPage}`;
  const total = rows[0] ? Number(rows[0].total) : options.page > 1 ? await countReports(filters) : 0;
  return {
    total,
    reports: rows.map((r) => ({
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
      receivedAt: r.created_at,
    })),
  };
}

async function countReports(filters: Prisma.Sql[]): Promise<number> {
  const [row] = await prisma().$queryRaw<{ n: string }[]>`SELECT count(*)::text AS n FROM report r WHERE ${Prisma.join(filters, ' AND ')}`;
  return Number(row?.n ?? 0);
}
