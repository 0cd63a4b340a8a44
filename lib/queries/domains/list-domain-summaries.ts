import { Prisma } from '@/lib/generated/prisma/client';
import { prisma } from '@/lib/db/prisma';

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

/** Domains with their report and message totals (from the report rows' stored totals). */
export async function listDomainSummaries(organizationIds?: number[]): Promise<DomainSummary[]> {
  const scope = organizationIds ? Prisma.sql`WHERE d.organization_id = ANY(${organizationIds})` : Prisma.empty;
  const rows = await prisma().$queryRaw<Row[]>`
    SELECT d.id, d.name, o.name AS organization,
           count(r.id) AS reports,
           sum(r.message_count) AS messages,
           sum(r.dmarc_pass) AS dmarc_pass,
           max(r.end_at) AS last_report_at
      FROM domain d
      JOIN organization o ON o.id = d.organization_id
      LEFT JOIN report r ON r.domain_id = d.id
      ${scope}
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
