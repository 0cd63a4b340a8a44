import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';

export interface TFailingVolume {
  messages: number;
  /** Messages that failed DMARC (neither aligned DKIM nor aligned SPF passed). */
  failing: number;
}

/**
 * A domain's volume and DMARC-failing volume over a window, from the daily rollup (a report's
 * messages spread over the days it covers, like every other figure).
 */
export async function getFailingVolume(scope: TDomainScope, domainId: number, window: TDayWindow): Promise<TFailingVolume> {
  if (!scope.domainIds.includes(domainId)) return { messages: 0, failing: 0 };
  const [row] = await prisma().$queryRaw<{ messages: string; failing: string }[]>`
    SELECT coalesce(sum(messages), 0)::text AS messages,
           coalesce(sum(messages - dmarc_pass), 0)::text AS failing
      FROM domain_daily
     WHERE domain_id = ${domainId} AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date`;
  return { messages: Number(row?.messages ?? 0), failing: Number(row?.failing ?? 0) };
}
