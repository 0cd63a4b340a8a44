import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';

/** The DMARC policy reporters saw published, per UTC day a report began on. */
export interface TReportedPolicy {
  day: string;
  p: string | null;
  sp: string | null;
  np: string | null;
  pct: string | null;
  testing: string | null;
  reports: number;
  messages: number;
}

/** Policies from the reports' policy_published over a window, oldest day first. */
export async function listReportedPolicies(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<TReportedPolicy[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const rows = await prisma().$queryRaw<{ day: Date; p: string | null; sp: string | null; np: string | null; pct: string | null; testing: string | null; reports: number; messages: string }[]>`
    SELECT (begin_at AT TIME ZONE 'UTC')::date AS day, lower(p) AS p, lower(sp) AS sp, lower(np) AS np, pct, lower(testing) AS testing,
           count(*)::int AS reports, sum(message_count)::text AS messages
      FROM report
     WHERE domain_id = ${domainId} AND begin_at >= ${window.start} AND begin_at < ${window.end}
     GROUP BY 1, 2, 3, 4, 5, 6
     ORDER BY 1, 8 DESC`;
  return rows.map((r) => ({ day: formatDay(r.day), p: r.p, sp: r.sp, np: r.np, pct: r.pct, testing: r.testing, reports: r.reports, messages: Number(r.messages) }));
}
