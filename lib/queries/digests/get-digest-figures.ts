import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TAccessScope } from '@/lib/access';

/** One domain's weekly figures for the digest: counts only, rates are derived by the renderer. */
export interface TDigestFigures {
  domainId: number;
  domain: string;
  organizationId: number;
  messages: number;
  dmarcPass: number;
  quarantined: number;
  rejected: number;
  /** The week before; null when no mail was reported for it (nothing to compare with). */
  previous: { messages: number; dmarcPass: number } | null;
  /** Aggregate reports whose period began in the week, and the reporters that sent them. */
  reports: number;
  reporters: number;
  /** Newest report end of the domain, any week; null when none ever arrived. */
  lastReportAt: Date | null;
}

interface TRow {
  domain_id: number;
  domain: string;
  organization_id: number;
  messages: string;
  dmarc_pass: string;
  quarantined: string;
  rejected: string;
  prev_days: number;
  prev_messages: string;
  prev_dmarc_pass: string;
  reports: number;
  reporters: number;
  last_report_at: Date | null;
}

/**
 * Per domain of `domainIds` that the scope may see: the week's totals (domain_daily, the same
 * rollup the dashboard charts read), the previous window's, and the week's reports. Domains
 * without any data still get a row (a quiet week is news too). Sorted by name.
 */
export async function getDigestFigures(scope: TAccessScope, domainIds: number[], week: TDayWindow, previous: TDayWindow): Promise<TDigestFigures[]> {
  const ids = domainIds.filter((id) => scope.domainIds.includes(id));
  if (ids.length === 0 || scope.organizationIds.length === 0) return [];
  const [from, to, prevFrom, prevTo] = [week.start, week.end, previous.start, previous.end].map(formatDay);
  const rows = await prisma().$queryRaw<TRow[]>`
    WITH d AS (
      SELECT id, name, organization_id FROM domain
       WHERE id = ANY(${ids}::int[]) AND organization_id = ANY(${scope.organizationIds}::int[])
    ),
    wk AS (
      SELECT domain_id, sum(messages) AS messages, sum(dmarc_pass) AS dmarc_pass,
             sum(quarantined) AS quarantined, sum(rejected) AS rejected
        FROM domain_daily
       WHERE domain_id IN (SELECT id FROM d) AND day >= ${from}::date AND day < ${to}::date
       GROUP BY domain_id
    ),
    pw AS (
      SELECT domain_id, count(*) FILTER (WHERE messages > 0) AS days, sum(messages) AS messages, sum(dmarc_pass) AS dmarc_pass
        FROM domain_daily
       WHERE domain_id IN (SELECT id FROM d) AND day >= ${prevFrom}::date AND day < ${prevTo}::date
       GROUP BY domain_id
    ),
    rp AS (
      SELECT domain_id, count(*) AS reports, count(DISTINCT org_name) AS reporters
        FROM report
       WHERE domain_id IN (SELECT id FROM d) AND begin_at >= ${from}::date AND begin_at < ${to}::date
       GROUP BY domain_id
    ),
    lr AS (
      SELECT d.id AS domain_id, (SELECT max(end_at) FROM report r WHERE r.domain_id = d.id) AS last_report_at FROM d
    )
    SELECT d.id AS domain_id, d.name AS domain, d.organization_id,
           coalesce(wk.messages, 0)::text AS messages, coalesce(wk.dmarc_pass, 0)::text AS dmarc_pass,
           coalesce(wk.quarantined, 0)::text AS quarantined, coalesce(wk.rejected, 0)::text AS rejected,
           coalesce(pw.days, 0)::int AS prev_days,
           coalesce(pw.messages, 0)::text AS prev_messages, coalesce(pw.dmarc_pass, 0)::text AS prev_dmarc_pass,
           coalesce(rp.reports, 0)::int AS reports, coalesce(rp.reporters, 0)::int AS reporters,
           lr.last_report_at
      FROM d
      LEFT JOIN wk ON wk.domain_id = d.id
      LEFT JOIN pw ON pw.domain_id = d.id
      LEFT JOIN rp ON rp.domain_id = d.id
      LEFT JOIN lr ON lr.domain_id = d.id
     ORDER BY d.name`;
  return rows.map((r) => ({
    domainId: r.domain_id,
    domain: r.domain,
    organizationId: r.organization_id,
    messages: Number(r.messages),
    dmarcPass: Number(r.dmarc_pass),
    quarantined: Number(r.quarantined),
    rejected: Number(r.rejected),
    previous: r.prev_days > 0 ? { messages: Number(r.prev_messages), dmarcPass: Number(r.prev_dmarc_pass) } : null,
    reports: r.reports,
    reporters: r.reporters,
    lastReportAt: r.last_report_at,
  }));
}
