import { getPool } from '@/lib/platform/db';

/** `atlas stats`: what is stored, instance-wide (an operator's view, not scoped to a tenant). */
export interface TIngestStats {
  /** Stored reports, set-aside ones included. */
  reports: number;
  /** Stored report_record rows. */
  records: number;
  /** Sum of the records' counts. */
  messages: number;
  /** Inputs whose last attempt failed entirely. */
  failed: number;
  /** Reports no organisation owns yet (domain_id null). */
  set_aside: number;
  /** Inputs of which some parts failed. */
  partial: number;
  ingest_files: number;
  domains: number;
  /** Sum of daily_rollup.messages: equals the messages of reports that have a domain. */
  rollup_messages: number;
  replaced: number;
}

interface TRow {
  reports: string;
  records: string;
  messages: string;
  failed: string;
  set_aside: string;
  partial: string;
  ingest_files: string;
  domains: string;
  rollup_messages: string;
  replaced: string;
}

export async function getIngestStats(): Promise<TIngestStats> {
  const { rows } = await getPool().query<TRow>(`
    SELECT (SELECT count(*) FROM report) AS reports,
           (SELECT count(*) FROM report_record) AS records,
           (SELECT coalesce(sum(message_count), 0) FROM report) AS messages,
           (SELECT count(*) FROM ingest_file WHERE status = 'failed') AS failed,
           (SELECT count(*) FROM report WHERE domain_id IS NULL) AS set_aside,
           (SELECT count(*) FROM ingest_file WHERE status = 'partial') AS partial,
           (SELECT count(*) FROM ingest_file) AS ingest_files,
           (SELECT count(*) FROM domain) AS domains,
           (SELECT coalesce(sum(messages), 0) FROM daily_rollup) AS rollup_messages,
           (SELECT coalesce(sum(replacements), 0) FROM report) AS replaced`);
  const r = rows[0];
  // Counts stay far below 2^53 in practice; Number() keeps the JSON plain for scripts (jq).
  return {
    reports: Number(r.reports), records: Number(r.records), messages: Number(r.messages), failed: Number(r.failed),
    set_aside: Number(r.set_aside), partial: Number(r.partial), ingest_files: Number(r.ingest_files),
    domains: Number(r.domains), rollup_messages: Number(r.rollup_messages), replaced: Number(r.replaced),
  };
}
