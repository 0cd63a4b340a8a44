import { prisma } from '@/lib/db/prisma';
import type { TDayWindow } from '@/lib/dates/day-window';
import { formatDay } from '@/lib/dates/day-window';
import type { TAccessScope } from '@/lib/permissions/scope';

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

/** Totals per UTC day for one domain (table domain_daily), days without reports omitted. */
export async function getDomainDailyStats(scope: TAccessScope, domainId: number, window: TDayWindow): Promise<TDomainDay[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT day, messages::text, dmarc_pass::text, dkim_aligned_pass::text, spf_aligned_pass::text,
           quarantined::text, rejected::text, reports
      FROM domain_daily
     WHERE domain_id = ${domainId} AND domain_id = ANY(${scope.domainIds})
       AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
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
