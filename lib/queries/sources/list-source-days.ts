import { Prisma } from '@/lib/platform/db';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { fillSnapshots, readThrough } from '@/lib/queries/snapshots/read-through';
import { hashJoinQuery } from './hash-join-query';
import { sourceKeyCtes } from './source-key-sql';

/** One source's mail on one UTC day. */
export interface TSourceDay {
  day: string;
  sourceKey: string;
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  quarantined: number;
  rejected: number;
}

interface TRow {
  day: string;
  source_key: string;
  messages: number;
  dmarc_pass: number;
  dkim_aligned: number;
  spf_aligned: number;
  quarantined: number;
  rejected: number;
}

/**
 * A domain's mail per UTC day and source (sources as the sender map groups them over the same
 * window), for charts: the domain page stacks its volume by the sources' verdicts, a source page
 * draws one source (`sourceKey`). With `failures`, only mail that failed DMARC (the grouping
 * into sources still looks at all mail).
 */
export async function listSourceDays(scope: TDomainScope, domainId: number, window: TDayWindow, options: { sourceKey?: string; failures?: boolean } = {}): Promise<TSourceDay[]> {
  if (!scope.domainIds.includes(domainId)) return [];
  const key = options.sourceKey ?? null;
  const failures = options.failures ?? false;
  return readThrough({ domainId, query: QUERY, window, args: argsOf(key, failures), enrichment: true }, () => {
    return computeSourceDays(domainId, window, key, failures);
  });
}

const QUERY = 'source-days.v1';
const argsOf = (sourceKey: string | null, failures: boolean) => ({ sourceKey, failures });

/**
 * The refresh job: the days of several sources stored as each one's snapshot, cut from one
 * statement over all sources (each source's rows keep their order: by day).
 */
export function fillSourceDaySnapshots(domainId: number, window: TDayWindow, sourceKeys: string[], failures = false): Promise<number> {
  return fillSnapshots({ domainId, query: QUERY, window, enrichment: true }, async () => {
    const all = await computeSourceDays(domainId, window, null, failures);
    return sourceKeys.map((key) => ({ args: argsOf(key, failures), value: all.filter((d) => d.sourceKey === key) }));
  });
}

async function computeSourceDays(domainId: number, window: TDayWindow, key: string | null, failures: boolean): Promise<TSourceDay[]> {
  const rows = await hashJoinQuery<TRow>(Prisma.sql`
    WITH ${sourceKeyCtes(domainId, window)}
    SELECT to_char(r.day, 'YYYY-MM-DD') AS day, m.source_key,
           sum(r.messages)::float8 AS messages,
           coalesce(sum(r.messages) FILTER (WHERE r.dkim_aligned OR r.spf_aligned), 0)::float8 AS dmarc_pass,
           coalesce(sum(r.messages) FILTER (WHERE r.dkim_aligned), 0)::float8 AS dkim_aligned,
           coalesce(sum(r.messages) FILTER (WHERE r.spf_aligned), 0)::float8 AS spf_aligned,
           coalesce(sum(r.messages) FILTER (WHERE r.disposition = 'quarantine'), 0)::float8 AS quarantined,
           coalesce(sum(r.messages) FILTER (WHERE r.disposition = 'reject'), 0)::float8 AS rejected
      FROM r JOIN ipmap m USING (source_ip)
     WHERE (${key}::text IS NULL OR m.source_key = ${key}::text)
       AND (NOT ${failures}::boolean OR NOT (r.dkim_aligned OR r.spf_aligned))
     GROUP BY r.day, m.source_key
     ORDER BY r.day, m.source_key`);
  return rows.map((r) => ({
    day: r.day,
    sourceKey: r.source_key,
    messages: r.messages,
    dmarcPass: r.dmarc_pass,
    dkimAligned: r.dkim_aligned,
    spfAligned: r.spf_aligned,
    quarantined: r.quarantined,
    rejected: r.rejected,
  }));
}
