import { prisma } from '@/lib/platform/db';
import { formatDay, type TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { readThrough } from '@/lib/queries/snapshots/read-through';

/** What one reporter said about one domain's mail over a window. */
export interface TReporterVolume {
  domainId: number;
  reporter: string;
  messages: number;
  dmarcPass: number;
  quarantined: number;
  rejected: number;
  /** Distinct sending addresses it reported. */
  addresses: number;
  firstDay: string;
  lastDay: string;
}

interface TRow {
  domain_id: number;
  org_name: string;
  messages: number;
  dmarc_pass: number;
  quarantined: number;
  rejected: number;
  addresses: number;
  first_day: string;
  last_day: string;
}

/**
 * Messages per reporter and domain (table daily_rollup) for the scope's domains, or those of
 * `domainIds` among them. With `failures`, only mail that failed DMARC. Each domain's part is
 * its own snapshot, in domain order as one query over all of them would sort it.
 */
export async function listReporterVolumes(scope: TDomainScope, window: TDayWindow, options: { domainIds?: number[]; failures?: boolean } = {}): Promise<TReporterVolume[]> {
  const ids = options.domainIds ? scope.domainIds.filter((id) => options.domainIds?.includes(id)) : [...scope.domainIds];
  const failures = options.failures ?? false;
  const parts = await Promise.all(
    [...new Set(ids)]
      .sort((a, b) => a - b)
      .map((domainId) => readThrough({ domainId, query: 'reporter-volumes.v1', window, args: { failures }, enrichment: false }, () => computeReporterVolumes(domainId, window, failures))),
  );
  return parts.flat();
}

async function computeReporterVolumes(domainId: number, window: TDayWindow, failures: boolean): Promise<TReporterVolume[]> {
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT domain_id, org_name,
           sum(messages)::float8 AS messages,
           coalesce(sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned), 0)::float8 AS dmarc_pass,
           coalesce(sum(messages) FILTER (WHERE disposition = 'quarantine'), 0)::float8 AS quarantined,
           coalesce(sum(messages) FILTER (WHERE disposition = 'reject'), 0)::float8 AS rejected,
           count(DISTINCT source_ip)::int AS addresses,
           to_char(min(day), 'YYYY-MM-DD') AS first_day, to_char(max(day), 'YYYY-MM-DD') AS last_day
      FROM daily_rollup
     WHERE domain_id = ${domainId}
       AND day >= ${formatDay(window.start)}::date AND day < ${formatDay(window.end)}::date
       AND (NOT ${failures}::boolean OR NOT (dkim_aligned OR spf_aligned))
     GROUP BY domain_id, org_name
    HAVING sum(messages) > 0
     ORDER BY domain_id, sum(messages) DESC, org_name`;
  return rows.map((r) => ({
    domainId: r.domain_id,
    reporter: r.org_name,
    messages: r.messages,
    dmarcPass: r.dmarc_pass,
    quarantined: r.quarantined,
    rejected: r.rejected,
    addresses: r.addresses,
    firstDay: r.first_day,
    lastDay: r.last_day,
  }));
}
