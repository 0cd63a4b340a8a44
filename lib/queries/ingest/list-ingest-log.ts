import { z } from 'zod';
import { prisma, Prisma, type IngestSource, type IngestStatus } from '@/lib/platform/db';
import { ingestVisibleSql, type TIngestViewer } from './ingest-visibility';

export const INGEST_LOG_FILTERS = ['attention', 'failed', 'set_aside', 'all'] as const;
export type TIngestLogFilter = (typeof INGEST_LOG_FILTERS)[number];

/** One part of an input that could not be read, as stored in ingest_file.failures. */
const ZPartFailure = z.object({ path: z.string(), code: z.string(), error: z.string() });
export type TPartFailure = z.infer<typeof ZPartFailure>;

export interface TIngestLogEntry {
  id: string;
  name: string;
  source: IngestSource;
  status: IngestStatus;
  /** The first failure's reason, and every failed part (a zip or mbox may hold several). */
  error: string | null;
  failures: TPartFailure[];
  reports: number;
  duplicates: number;
  replaced: number;
  setAside: number;
  attempts: number;
  mailbox: string | null;
  createdAt: Date;
  updatedAt: Date;
  /** Policy domains of this input's reports that are still set aside (no organisation owns them). */
  setAsideDomains: { domain: string; reports: number }[];
}

const STATUSES: Record<TIngestLogFilter, IngestStatus[] | null> = {
  attention: ['failed', 'partial', 'set_aside'],
  failed: ['failed', 'partial'],
  set_aside: ['set_aside'],
  all: null,
};

/** Counting stops here (see listReports). */
const COUNT_CAP = 10_000;

interface TRow {
  id: string;
  name: string;
  source: IngestSource;
  status: IngestStatus;
  error: string | null;
  failures: unknown;
  reports: number;
  duplicates: number;
  replaced: number;
  set_aside: number;
  attempts: number;
  mailbox: string | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The ingest log: inputs the viewer may see (ingestVisibleSql), newest first, those needing
 * attention by default (failed, partly failed, set aside). Filtered lists run over the index
 * ingest_file(status, created_at); the total is counted up to COUNT_CAP.
 */
export async function listIngestLog(
  viewer: TIngestViewer,
  options: { filter: TIngestLogFilter; page: number; perPage: number },
): Promise<{ entries: TIngestLogEntry[]; total: number; totalCapped: boolean }> {
  if (viewer.organizationIds.length === 0 && !viewer.instanceAdmin) return { entries: [], total: 0, totalCapped: false };
  const statuses = STATUSES[options.filter];
  const where = Prisma.join(
    [ingestVisibleSql(viewer), statuses ? Prisma.sql`f.status = ANY(${statuses}::"IngestStatus"[])` : Prisma.sql`true`],
    ' AND ',
  );
  const rows = await prisma().$queryRaw<TRow[]>`
    SELECT f.id::text, f.name, f.source, f.status, f.error, f.failures, f.reports, f.duplicates, f.replaced, f.set_aside, f.attempts,
           m.label AS mailbox, f.created_at, f.updated_at
      FROM ingest_file f LEFT JOIN mailbox m ON m.id = f.mailbox_id
     WHERE ${where}
     ORDER BY f.created_at DESC, f.id DESC
     LIMIT ${options.perPage} OFFSET ${(options.page - 1) * options.perPage}`;
  const [counted] = await prisma().$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM ingest_file f WHERE ${where} LIMIT ${COUNT_CAP + 1}) t`;
  const ids = rows.filter((r) => r.set_aside > 0).map((r) => BigInt(r.id));
  // Set-aside reports are the ones without a domain: the index report(domain_id, …) finds them.
  const aside = ids.length
    ? await prisma().$queryRaw<{ ingest_file_id: string; policy_domain: string; n: number }[]>`
        SELECT ingest_file_id::text, policy_domain, count(*)::int AS n FROM report
         WHERE domain_id IS NULL AND ingest_file_id = ANY(${ids}::bigint[])
         GROUP BY ingest_file_id, policy_domain ORDER BY policy_domain`
    : [];
  const n = counted?.n ?? 0;
  return {
    total: Math.min(n, COUNT_CAP),
    totalCapped: n > COUNT_CAP,
    entries: rows.map((r) => ({
      id: r.id,
      name: r.name,
      source: r.source,
      status: r.status,
      error: r.error,
      failures: z.array(ZPartFailure).catch([]).parse(r.failures),
      reports: r.reports,
      duplicates: r.duplicates,
      replaced: r.replaced,
      setAside: r.set_aside,
      attempts: r.attempts,
      mailbox: r.mailbox,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      setAsideDomains: aside.filter((a) => a.ingest_file_id === r.id).map((a) => ({ domain: a.policy_domain, reports: a.n })),
    })),
  };
}
