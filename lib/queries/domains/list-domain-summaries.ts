import { Prisma, prisma } from '@/lib/platform/db';
import { dayWindow, formatDay, previousWindow, type TDayWindow } from '@/lib/platform/dates';
import type { TAccessScope } from '@/lib/access';
import type { TLatestReportedPolicy } from './get-latest-reported-policy';

/** The DMARC policy of a domain as its latest report in (or before) the window states it. */
export type TSummaryPolicy = Omit<TLatestReportedPolicy, 'adkim' | 'aspf'>;

export interface TDomainSummary {
  id: number;
  name: string;
  organization: string;
  /** Reports whose range begins in the window (a report counts once, on its first day). */
  reports: number;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  quarantined: number;
  rejected: number;
  /** The same figures for the window of the same length just before (trends). */
  previous: { messages: number; dmarcPass: number };
  /** End of the range of the latest report that began before the window's end. */
  lastReportAt: Date | null;
  policy: TSummaryPolicy | null;
}

interface TRow {
  id: number;
  name: string;
  organization: string;
  reports: number;
  messages: number | null;
  dmarc_pass: number | null;
  dkim_aligned: number | null;
  spf_aligned: number | null;
  quarantined: number | null;
  rejected: number | null;
  prev_messages: number | null;
  prev_dmarc_pass: number | null;
  last_end: Date | null;
  p: string | null;
  sp: string | null;
  np: string | null;
  pct: string | null;
  testing: string | null;
  last_org: string | null;
}

/**
 * Domains of the scope with their figures over `window` (table domain_daily: messages spread over
 * the days each report covers), the previous window's for trends, and the policy their latest
 * report states. A viewer's scope holds only their granted domains, so the others leave no trace.
 */
export async function listDomainSummaries(scope: TAccessScope, window: TDayWindow = dayWindow()): Promise<TDomainSummary[]> {
  if (scope.domainIds.length === 0 || scope.organizationIds.length === 0) return [];
  const previous = previousWindow(window);
  const [from, to, prevFrom] = [formatDay(window.start), formatDay(window.end), formatDay(previous.start)];
  const rows = await prisma().$queryRaw<TRow[]>`
    WITH daily AS (
      SELECT domain_id,
             sum(messages) FILTER (WHERE day >= ${from}::date)::float8 AS messages,
             sum(dmarc_pass) FILTER (WHERE day >= ${from}::date)::float8 AS dmarc_pass,
             sum(dkim_aligned_pass) FILTER (WHERE day >= ${from}::date)::float8 AS dkim_aligned,
             sum(spf_aligned_pass) FILTER (WHERE day >= ${from}::date)::float8 AS spf_aligned,
             sum(quarantined) FILTER (WHERE day >= ${from}::date)::float8 AS quarantined,
             sum(rejected) FILTER (WHERE day >= ${from}::date)::float8 AS rejected,
             sum(messages) FILTER (WHERE day < ${from}::date)::float8 AS prev_messages,
             sum(dmarc_pass) FILTER (WHERE day < ${from}::date)::float8 AS prev_dmarc_pass
        FROM domain_daily
       WHERE domain_id = ANY(${scope.domainIds}) AND day >= ${prevFrom}::date AND day < ${to}::date
       GROUP BY domain_id
    ),
    reports AS (
      SELECT domain_id, count(*)::int AS reports
        FROM report
       WHERE domain_id = ANY(${scope.domainIds}) AND begin_at >= ${window.start} AND begin_at < ${window.end}
       GROUP BY domain_id
    )
    SELECT d.id, d.name, o.name AS organization, coalesce(r.reports, 0) AS reports,
           w.messages, w.dmarc_pass, w.dkim_aligned, w.spf_aligned, w.quarantined, w.rejected, w.prev_messages, w.prev_dmarc_pass,
           last.end_at AS last_end, last.p, last.sp, last.np, last.pct, last.testing, last.org_name AS last_org
      FROM domain d
      JOIN organization o ON o.id = d.organization_id
      LEFT JOIN daily w ON w.domain_id = d.id
      LEFT JOIN reports r ON r.domain_id = d.id
      LEFT JOIN LATERAL (
        SELECT x.end_at, x.p, x.sp, x.np, x.pct, x.testing, x.org_name
          FROM report x
         WHERE x.domain_id = d.id AND x.begin_at < ${window.end}
         ORDER BY x.begin_at DESC, x.id DESC
         LIMIT 1
      ) last ON true
     WHERE ${Prisma.sql`d.id = ANY(${scope.domainIds}) AND d.organization_id = ANY(${scope.organizationIds})`}
     ORDER BY o.name, d.name`;
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    organization: row.organization,
    reports: row.reports,
    messages: row.messages ?? 0,
    dmarcPass: row.dmarc_pass ?? 0,
    dkimAligned: row.dkim_aligned ?? 0,
    spfAligned: row.spf_aligned ?? 0,
    quarantined: row.quarantined ?? 0,
    rejected: row.rejected ?? 0,
    previous: { messages: row.prev_messages ?? 0, dmarcPass: row.prev_dmarc_pass ?? 0 },
    lastReportAt: row.last_end,
    policy:
      row.last_end && row.last_org
        ? { p: row.p, sp: row.sp, np: row.np, pct: row.pct, testing: row.testing, reporter: row.last_org, reportedAt: row.last_end }
        : null,
  }));
}
