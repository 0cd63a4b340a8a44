import { Prisma, prisma } from '@/lib/platform/db';
import type { TAccessScope } from '@/lib/access';

export interface DomainSummary {
  id: number;
  name: string;
  organization: string;
  reports: number;
  messages: number;
  dmarcPass: number;
  lastReportAt: Date | null;
}

interface Row {
  id: number;
  name: string;
  organization: string;
  reports: bigint;
  messages: bigint | null;
  dmarc_pass: bigint | null;
  last_report_at: Date | null;
}

/**
 * Domains of the scope with their report and message totals (from the report rows' stored
 * totals). A viewer's scope holds only their granted domains, so the others leave no trace.
 */
export async function listDomainSummaries(scope: TAccessScope): Promise<DomainSummary[]> {
  if (scope.domainIds.length === 0 || scope.organizationIds.length === 0) return [];
  const where = Prisma.sql`WHERE d.id = ANY(${scope.domainIds}) AND d.organization_id = ANY(${scope.organizationIds})`;
  const rows = await prisma().$queryRaw<Row[]>`
    SELECT d.id, d.name, o.name AS organization,
           count(r.id) AS reports,
           sum(r.message_count) AS messages,
           sum(r.dmarc_pass) AS dmarc_pass,
           max(r.end_at) AS last_report_at
      FROM domain d
      JOIN organization o ON o.id = d.organization_id
      LEFT JOIN report r ON r.domain_id = d.id
      ${where}
     GROUP BY d.id, o.name
     ORDER BY o.name, d.name`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    organization: row.organization,
    reports: Number(row.reports),
    messages: Number(row.messages ?? 0),
    dmarcPass: Number(row.dmarc_pass ?? 0),
    lastReportAt: row.last_report_at,
  }));
}
