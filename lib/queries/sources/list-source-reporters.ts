import { Prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { groupBySource } from '@/lib/queries/snapshots/group-by-source';
import { perSourceSnapshotRead } from '@/lib/queries/snapshots/per-source-read';
import { hashJoinQuery } from './hash-join-query';
import { sourceKeyCtes } from './source-key-sql';

/** One reporter's view of one source. */
export interface TSourceReporter {
  reporter: string;
  messages: number;
  dmarcPass: number;
  quarantined: number;
  rejected: number;
  addresses: number;
  firstDay: string;
  lastDay: string;
}

interface TRow {
  source_key: string;
  org_name: string;
  messages: number;
  dmarc_pass: number;
  quarantined: number;
  rejected: number;
  addresses: number;
  first_day: string;
  last_day: string;
}

/** The reporters that saw mail from one source of a domain, busiest first (`failures`: failing mail only). */
export async function listSourceReporters(scope: TDomainScope, domainId: number, sourceKey: string, window: TDayWindow, failures = false): Promise<TSourceReporter[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  return snapshots.read(domainId, sourceKey, window, failures);
}

const snapshots = perSourceSnapshotRead<TSourceReporter>('source-reporters.v1', computeSourceReporters);

/** The refresh job: this read for several sources from one statement, stored as each one's snapshot. */
export const fillSourceReporterSnapshots = snapshots.fill;

async function computeSourceReporters(domainId: number, window: TDayWindow, sourceKeys: string[], failures: boolean): Promise<Map<string, TSourceReporter[]>> {
  const rows = await hashJoinQuery<TRow>(Prisma.sql`
    WITH ${sourceKeyCtes(domainId, window)}
    SELECT m.source_key, g.org_name,
           sum(g.messages)::float8 AS messages,
           coalesce(sum(g.messages) FILTER (WHERE g.dkim_aligned OR g.spf_aligned), 0)::float8 AS dmarc_pass,
           coalesce(sum(g.messages) FILTER (WHERE g.disposition = 'quarantine'), 0)::float8 AS quarantined,
           coalesce(sum(g.messages) FILTER (WHERE g.disposition = 'reject'), 0)::float8 AS rejected,
           count(DISTINCT g.source_ip)::int AS addresses,
           to_char(min(g.first_day), 'YYYY-MM-DD') AS first_day, to_char(max(g.last_day), 'YYYY-MM-DD') AS last_day
      FROM g JOIN ipmap m USING (source_ip)
     WHERE m.source_key = ANY(${sourceKeys}::text[])
       AND (NOT ${failures}::boolean OR NOT (g.dkim_aligned OR g.spf_aligned))
     GROUP BY m.source_key, g.org_name
     ORDER BY m.source_key, sum(g.messages) DESC, g.org_name`);
  return groupBySource(rows, (r) => ({
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
