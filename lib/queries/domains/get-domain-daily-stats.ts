import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TAccessScope } from '@/lib/access';

export interface TDomainDay {
  day: string;
  messages: number;
  dmarcPass: number;
  dkimAlignedPass: number;
  spfAlignedPass: number;
  quarantined: number;
  rejected: number;
  /** Reports whose range begins on this day (each report counts on one day only). */
  reports: number;
}

interface TRow {
  day: string;
  messages: number;
  dmarc_pass: number;
  dkim_aligned_pass: number;
  spf_aligned_pass: number;
  quarantined: number;
  rejected: number;
  reports: number;
}

/**
 * Totals per UTC day, days without reports omitted: for one domain, or summed over every domain
 * of the scope (the overview's chart) when `domainId` is null. Messages come from domain_daily
 * (spread over the days each report covers); report counts from the reports' first days, so the
 * days' counts add up to the window's (domain_daily.reports counts a report on every day it
 * covers: a two-day report would count twice).
 */
export async function getDomainDailyStats(scope: TAccessScope, domainId: number | null, window: TDayWindow): Promise<TDomainDay[]> {
  const domainIds = domainId === null ? scope.domainIds : scope.domainIds.filter((id) => id === domainId);
  if (domainIds.length === 0) return [];
  const rows = await prisma().$queryRaw<TRow[]>`
    WITH daily AS (
      SELECT day, sum(messages)::float8 AS messages, sum(dmarc_pass)::float8 AS dmarc_pass,
             sum(dkim_aligned_pass)::float8 AS dkim_aligned_pass, sum(spf_aligned_pass)::float8 AS spf_aligned_pass,
             sum(quarantined)::float8 AS quarantined, sum(rejected)::float8 AS rejected
        FROM domain_daily
       WHERE domain_id = ANY(${domainIds})
         AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
       GROUP BY day
    ),
    started AS (
      SELECT (begin_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS reports
        FROM report
       WHERE domain_id = ANY(${domainIds}) AND begin_at >= ${window.start} AND begin_at < ${window.end}
       GROUP BY 1
    )
    SELECT to_char(coalesce(d.day, s.day), 'YYYY-MM-DD') AS day,
           coalesce(d.messages, 0) AS messages, coalesce(d.dmarc_pass, 0) AS dmarc_pass,
           coalesce(d.dkim_aligned_pass, 0) AS dkim_aligned_pass, coalesce(d.spf_aligned_pass, 0) AS spf_aligned_pass,
           coalesce(d.quarantined, 0) AS quarantined, coalesce(d.rejected, 0) AS rejected, coalesce(s.reports, 0) AS reports
      FROM daily d FULL JOIN started s ON s.day = d.day
     ORDER BY 1`;
  return rows.map((r) => ({
    day: r.day,
    messages: r.messages,
    dmarcPass: r.dmarc_pass,
    dkimAlignedPass: r.dkim_aligned_pass,
    spfAlignedPass: r.spf_aligned_pass,
    quarantined: r.quarantined,
    rejected: r.rejected,
    reports: r.reports,
  }));
}
