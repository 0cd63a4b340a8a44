import { prisma } from '@/lib/platform/db';
import { DAY_MS, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';

/** How many days before a window's end the cadence of a reporter is judged on. */
export const CADENCE_LOOKBACK_DAYS = 60;

/** When one reporter sent reports about one domain. */
export interface TReporterReportDays {
  domainId: number;
  reporter: string;
  /** The address the latest report came from. */
  email: string | null;
  /** Reports whose range begins in the window. */
  reports: number;
  /** UTC days on which its reports began, in order, over the window and the lookback before its end. */
  reportDays: string[];
  /** Latest report beginning before the window's end: its range. */
  lastBegin: Date;
  lastEnd: Date;
}

interface TRow {
  domain_id: number;
  org_name: string;
  email: string | null;
  reports: number;
  days: string[];
  last_begin: Date;
  last_end: Date;
}

/**
 * Reporters of the scope's domains (or of `domainIds` among them) that sent a report beginning in
 * the window or in the CADENCE_LOOKBACK_DAYS before its end, from the report rows (index
 * report(domain_id, begin_at)): the raw material of "how often" and "stopped reporting".
 */
export async function listReporterReportDays(scope: TDomainScope, window: TDayWindow, options: { domainIds?: number[] } = {}): Promise<TReporterReportDays[]> {
  const ids = options.domainIds ? scope.domainIds.filter((id) => options.domainIds?.includes(id)) : [...scope.domainIds];
  if (ids.length === 0) return [];
  const since = new Date(Math.min(window.start.getTime(), window.end.getTime() - CADENCE_LOOKBACK_DAYS * DAY_MS));
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT domain_id, org_name,
           (array_agg(reporter_email ORDER BY begin_at DESC, id DESC))[1] AS email,
           count(*) FILTER (WHERE begin_at >= ${window.start})::int AS reports,
           array_agg(DISTINCT to_char(begin_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')) AS days,
           max(begin_at) AS last_begin,
           (array_agg(end_at ORDER BY begin_at DESC, id DESC))[1] AS last_end
      FROM report
     WHERE domain_id = ANY(${ids}::int[]) AND begin_at >= ${since} AND begin_at < ${window.end}
     GROUP BY domain_id, org_name
     ORDER BY domain_id, org_name`;
  return rows.map((r) => ({
    domainId: r.domain_id,
    reporter: r.org_name,
    email: r.email,
    reports: r.reports,
    reportDays: [...r.days].sort(),
    lastBegin: r.last_begin,
    lastEnd: r.last_end,
  }));
}
