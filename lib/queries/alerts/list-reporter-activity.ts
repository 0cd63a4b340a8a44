import { prisma } from '@/lib/platform/db';
import type { TDomainScope } from '@/lib/access';

export interface TDomainActivity {
  domainId: number;
  domain: string;
  /** When the newest report for the domain was stored (received), null when never. */
  lastReceivedAt: Date | null;
  /** Its reporting period's end. */
  lastReportEnd: Date | null;
  /** When the domain was added (the silence of a domain that never got a report counts from here). */
  addedAt: Date;
}

export interface TReporterActivity {
  domainId: number;
  domain: string;
  reporter: string;
  lastReportEnd: Date;
  lastReceivedAt: Date;
  /** Messages it reported for the domain in the `baselineDays` before `since`. */
  messages: number;
  /** The domain's messages from every reporter over the same days. */
  domainMessages: number;
}

/** Per domain of the scope: when its newest report arrived (the no_reports alert). */
export async function listDomainActivity(scope: TDomainScope, domainIds: number[]): Promise<TDomainActivity[]> {
  const ids = domainIds.filter((id) => scope.domainIds.includes(id));
  if (ids.length === 0) return [];
  const rows = await prisma().$queryRaw<{ domain_id: number; domain: string; last_received_at: Date | null; last_report_end: Date | null; added_at: Date }[]>`
    SELECT d.id AS domain_id, d.name AS domain, lr.created_at AS last_received_at, lr.end_at AS last_report_end, d.created_at AS added_at
      FROM domain d
      LEFT JOIN LATERAL (SELECT created_at, end_at FROM report r WHERE r.domain_id = d.id ORDER BY r.created_at DESC LIMIT 1) lr ON true
     WHERE d.id = ANY(${ids}::int[])
     ORDER BY d.id`;
  return rows.map((r) => ({ domainId: r.domain_id, domain: r.domain, lastReceivedAt: r.last_received_at, lastReportEnd: r.last_report_end, addedAt: r.added_at }));
}

/**
 * Per domain and reporter that reported in the `baselineDays` before `now`: its newest report
 * and its share of the domain's mail then (the reporter_stopped alert picks the major ones).
 */
export async function listReporterActivity(scope: TDomainScope, domainIds: number[], now: Date, baselineDays: number): Promise<TReporterActivity[]> {
  const ids = domainIds.filter((id) => scope.domainIds.includes(id));
  if (ids.length === 0) return [];
  const since = new Date(now.getTime() - baselineDays * 86_400_000);
  const rows = await prisma().$queryRaw<{ domain_id: number; domain: string; reporter: string; last_end: Date; last_received: Date; messages: string; domain_messages: string }[]>`
    WITH r AS (
      SELECT domain_id, org_name, end_at, created_at, message_count FROM report
       WHERE domain_id = ANY(${ids}::int[]) AND end_at >= ${since} AND begin_at < ${now}
    ),
    per AS (
      SELECT domain_id, org_name, max(end_at) AS last_end, max(created_at) AS last_received, sum(message_count) AS messages
        FROM r GROUP BY domain_id, org_name
    ),
    tot AS (SELECT domain_id, sum(message_count) AS messages FROM r GROUP BY domain_id)
    SELECT per.domain_id, d.name AS domain, per.org_name AS reporter, per.last_end, per.last_received,
           per.messages::text, tot.messages::text AS domain_messages
      FROM per JOIN tot USING (domain_id) JOIN domain d ON d.id = per.domain_id
     ORDER BY per.domain_id, per.messages DESC`;
  return rows.map((r) => ({ domainId: r.domain_id, domain: r.domain, reporter: r.reporter, lastReportEnd: r.last_end, lastReceivedAt: r.last_received, messages: Number(r.messages), domainMessages: Number(r.domain_messages) }));
}
