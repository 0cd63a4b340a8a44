import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TAccessScope } from '@/lib/access';

export interface TDomainAddress {
  sourceIp: string;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  /** Messages the receivers quarantined or rejected. */
  disposed: number;
  reporters: number;
  firstDay: string;
  lastDay: string;
}

interface TRow {
  source_ip: string;
  messages: string;
  dmarc_pass: string;
  dkim_aligned: string;
  spf_aligned: string;
  disposed: string;
  reporters: number;
  first_day: Date;
  last_day: Date;
}

/** Per sending IP for one domain over a window (table daily_rollup), busiest first. */
export async function listDomainAddresses(scope: TAccessScope, domainId: number, window: TDayWindow, limit = 500): Promise<TDomainAddress[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT host(source_ip) AS source_ip,
           sum(messages)::text AS messages,
           sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned)::text AS dmarc_pass,
           sum(messages) FILTER (WHERE dkim_aligned)::text AS dkim_aligned,
           sum(messages) FILTER (WHERE spf_aligned)::text AS spf_aligned,
           sum(messages) FILTER (WHERE disposition IN ('quarantine', 'reject'))::text AS disposed,
           count(DISTINCT org_name)::int AS reporters,
           min(day) AS first_day, max(day) AS last_day
      FROM daily_rollup
     WHERE domain_id = ${domainId} AND domain_id = ANY(${scope.domainIds})
       AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
     GROUP BY source_ip
     ORDER BY sum(messages) DESC, source_ip
     LIMIT ${limit}`;
  return rows.map((r) => ({
    sourceIp: r.source_ip,
    messages: Number(r.messages),
    dmarcPass: Number(r.dmarc_pass ?? 0),
    dkimAligned: Number(r.dkim_aligned ?? 0),
    spfAligned: Number(r.spf_aligned ?? 0),
    disposed: Number(r.disposed ?? 0),
    reporters: r.reporters,
    firstDay: formatDay(r.first_day),
    lastDay: formatDay(r.last_day),
  }));
}
