import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';

export interface TDomainDayRates {
  domainId: number;
  domain: string;
  day: string;
  messages: number;
  dmarcPass: number;
}

/** Per domain of the scope and UTC day of the window: messages and DMARC passes (domain_daily). */
export async function listDomainDays(scope: TDomainScope, domainIds: number[], window: TDayWindow): Promise<TDomainDayRates[]> {
  const ids = domainIds.filter((id) => scope.domainIds.includes(id));
  if (ids.length === 0) return [];
  const rows = await prisma().$queryRaw<{ domain_id: number; domain: string; day: Date; messages: string; dmarc_pass: string }[]>`
    SELECT dd.domain_id, d.name AS domain, dd.day, dd.messages::text, dd.dmarc_pass::text
      FROM domain_daily dd JOIN domain d ON d.id = dd.domain_id
     WHERE dd.domain_id = ANY(${ids}::int[])
       AND dd.day >= ${formatDay(window.start)}::date AND dd.day < ${formatDay(window.end)}::date
     ORDER BY dd.domain_id, dd.day`;
  return rows.map((r) => ({ domainId: r.domain_id, domain: r.domain, day: formatDay(r.day), messages: Number(r.messages), dmarcPass: Number(r.dmarc_pass) }));
}
