import { prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';

export interface TWindowReporter {
  orgName: string;
  email: string | null;
  reports: number;
  messages: number;
  lastEnd: Date;
}

/** Who reported on a domain with a report overlapping the window, busiest first. */
export async function listWindowReporters(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<TWindowReporter[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const rows = await prisma().$queryRaw<{ org_name: string; email: string | null; reports: number; messages: string; last_end: Date }[]>`
    SELECT org_name, max(reporter_email) AS email, count(*)::int AS reports, sum(message_count)::text AS messages, max(end_at) AS last_end
      FROM report
     WHERE domain_id = ${domainId} AND begin_at < ${window.end} AND end_at > ${window.start}
     GROUP BY org_name
     ORDER BY sum(message_count) DESC, org_name
     LIMIT 500`;
  return rows.map((r) => ({ orgName: r.org_name, email: r.email, reports: r.reports, messages: Number(r.messages), lastEnd: r.last_end }));
}
