import type pg from 'pg';
import { isWithinDomain } from '@/lib/platform/net';
import type { TRecord } from '@/lib/ingest/parse/schema';
import { daySpans } from './day-spans';
import type { RecordTarget } from './record-row';
import { INSERT_REPORT_SQL, reportRowParams, type ReportRowValues } from './report-row';
import { isDailyBatch, rollupCtes, type RollupSlots, type RollupTarget } from './rollup';

/** Up to this many records a new report is stored in one statement; above, through COPY. */
export const ONE_STATEMENT_MAX_RECORDS = 2_000;

// $34: the records as a JSON array with report_record's content columns and the flag, in
// order (ord is the position); $35 the report's day; $36 its domain (null when set aside).
const RECORD_COLUMNS =
  'source_ip, source_ip_text, count, disposition, policy_dkim, policy_spf, reasons, header_from, envelope_from, envelope_to, dkim, spf, header_from_foreign';
const RECORDS = `ROWS FROM (jsonb_to_recordset($34::jsonb) AS (
  source_ip inet, source_ip_text text, count bigint, disposition text, policy_dkim text, policy_spf text,
  reasons jsonb, header_from text, envelope_from text, envelope_to text, dkim jsonb, spf jsonb, header_from_foreign boolean))
  WITH ORDINALITY AS x(${RECORD_COLUMNS}, ord)`;
const SLOTS: RollupSlots = { reportRowId: '$1', days: '$37', domainId: '$36', org: '$38', sign: '1', reportsDelta: '1', seconds: '$39', total: '$40' };

const base = `new_report AS (${INSERT_REPORT_SQL} RETURNING id),
  x AS (SELECT * FROM ${RECORDS}),
  new_records AS (
    INSERT INTO report_record (report_id, ord, report_day, domain_id, ${RECORD_COLUMNS})
    SELECT $1::bigint, ord::int, $35::date, $36::int, ${RECORD_COLUMNS} FROM x
  )`;
// The rollup reads the records from x: rows a CTE inserts are not visible to the others.
const statements = (batch: boolean) => {
  const suffix = batch ? '_batch' : '';
  return {
    aside: { name: 'atlas_small_report_aside', text: `WITH ${base} SELECT 1` },
    day: { name: `atlas_small_report_day${suffix}`, text: `WITH ${base}, ${rollupCtes('x WHERE true', false, SLOTS, batch)} SELECT 1` },
    spread: { name: `atlas_small_report_spread${suffix}`, text: `WITH ${base}, ${rollupCtes('x WHERE true', true, SLOTS, batch)} SELECT 1` },
  };
};
const STATEMENTS = [statements(false), statements(true)];

/**
 * A new, small report in one statement: its row, its records and its rollup contribution.
 * The common case (a few records from a big reporter) then costs one round trip instead of
 * an insert, a COPY (three messages) and a rollup statement; the stored rows are the ones the
 * COPY path would write (the same values, see writeRecordContent), and the rollup the same
 * SQL over the same values.
 */
export async function insertSmallReport(
  client: pg.ClientBase,
  row: ReportRowValues,
  records: TRecord[],
  where: RecordTarget,
  target: RollupTarget | null,
): Promise<void> {
  const values = [...reportRowParams(where.reportRowId, row), recordsJson(records, where.policyDomain), where.reportDay, where.domainId];
  const sql = STATEMENTS[isDailyBatch(client) ? 1 : 0];
  if (target === null) {
    await client.query({ ...sql.aside, values });
    return;
  }
  const spans = daySpans(target.begin, target.end);
  values.push(spans.days, target.orgName);
  if (spans.days.length === 1) await client.query({ ...sql.day, values });
  else await client.query({ ...sql.spread, values: [...values, spans.seconds, spans.total] });
}

function recordsJson(records: TRecord[], policyDomain: string): string {
  return JSON.stringify(
    records.map((r) => ({
      source_ip: r.source_ip_valid ? r.source_ip : null,
      source_ip_text: r.source_ip_valid || r.source_ip === '' ? null : r.source_ip,
      count: r.count.toString(),
      disposition: r.disposition ?? '',
      policy_dkim: r.policy_dkim ?? '',
      policy_spf: r.policy_spf ?? '',
      reasons: r.reasons,
      header_from: r.header_from ?? '',
      envelope_from: r.envelope_from,
      envelope_to: r.envelope_to,
      dkim: r.dkim,
      spf: r.spf,
      header_from_foreign: !isWithinDomain(r.header_from, policyDomain),
    })),
  );
}
