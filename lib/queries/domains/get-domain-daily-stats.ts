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
  reports: number;
}

interface TRow {
  day: Date;
  messages: string;
  dmarc_pass: string;
  dkim_aligned_pass: string;
  spf_aligned_pass: string;
  quarantined: string;
  rejected: string;
  reports: number;
}

/**
 * Totals per UTC day (table domain_daily), days without reports omitted: for one domain, or
 * summed over every domain of the scope (the overview's chart) when `domainId` is null.
 */
export async function getDomainDailyStats(scope: TAccessScope, domainId: number | null, window: TDayWindow): Promise<TDomainDay[]> {
  const domainIds = domainId === null ? scope.domainIds : scope.domainIds.filter((id) => id === domainId);
  if (domainIds.length === 0) return [];
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT day, sum(messages)::text AS messages, sum(dmarc_pass)::text AS dmarc_pass,
           sum(dkim_aligned_pass)::text AS dkim_aligned_pass, sum(spf_aligned_pass)::text AS spf_aligned_pass,
           sum(quarantined)::text AS quarantined, sum(rejected)::text AS rejected, sum(reports)::int AS reports
      FROM domain_daily
     WHERE domain_id = ANY(${domainIds})
       AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
     GROUP BY day
     ORDER BY day`;
  return rows.map((r) => ({
    day: formatDay(r.day),
    messages: Number(r.messages),
    dmarcPass: Number(r.dmarc_pass),
    dkimAlignedPass: Number(r.dkim_aligned_pass),
    spfAlignedPass: Number(r.spf_aligned_pass),
    quarantined: Number(r.quarantined),
    rejected: Number(r.rejected),
    reports: r.reports,
  }));
}
