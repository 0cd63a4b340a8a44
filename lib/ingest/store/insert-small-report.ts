import type pg from 'pg';
import type { TRecord } from '@/lib/ingest/parse/schema';
import { daySpans } from './day-spans';
import { INSERT_REPORT_SQL, reportRowParams, type ReportRowValues } from './report-row';
import { rollupCtes, type RollupSlots, type RollupTarget } from './rollup';

/** Up to this many records a new report is stored in one statement; above, through COPY. */
export const ONE_STATEMENT_MAX_RECORDS = 2_000;

// $34: the records as a JSON array with report_record's columns.
const RECORDS = `jsonb_to_recordset($34::jsonb) AS x(
  source_ip inet, source_ip_text text, count bigint, disposition text, policy_dkim text, policy_spf text,
  reasons jsonb, header_from text, envelope_from text, envelope_to text, dkim jsonb, spf jsonb)`;
const RECORD_COLUMNS =
  'source_ip, source_ip_text, count, disposition, policy_dkim, policy_spf, reasons, header_from, envelope_from, envelope_to, dkim, spf';
const SLOTS: RollupSlots = { days: '$35', domainId: '$36', org: '$37', sign: '1', reportsDelta: '1', seconds: '$38', total: '$39' };

const base = `new_report AS (${INSERT_REPORT_SQL} RETURNING id),
  x AS (SELECT * FROM ${RECORDS}),
  new_records AS (INSERT INTO report_record (report_id, ${RECORD_COLUMNS}) SELECT $1::bigint, ${RECORD_COLUMNS} FROM x)`;
// The rollup reads the records from x: rows a CTE inserts are not visible to the others.
const STATEMENTS = {
  aside: { name: 'atlas_small_report_aside', text: `WITH ${base} SELECT 1` },
  day: { name: 'atlas_small_report_day', text: `WITH ${base}, ${rollupCtes('x', false, SLOTS)} SELECT 1` },
  spread: { name: 'atlas_small_report_spread', text: `WITH ${base}, ${rollupCtes('x', true, SLOTS)} SELECT 1` },
};

/**
 * A new, small report in one statement: its row, its records and its rollup contribution.
 * The common case (a few records from a big reporter) then costs one round trip instead of
 * an insert, a COPY (three messages) and a rollup statement; the stored rows are the ones the
 * COPY path would write (the same values, see writeRecordContent), and the rollup the same
 * SQL over the same values.
 */
export async function insertSmallReport(
  client: pg.ClientBase,
  id: bigint,
  row: ReportRowValues,
  records: TRecord[],
  target: RollupTarget | null,
): Promise<void> {
  const values = [...reportRowParams(id, row), recordsJson(records)];
  if (target === null) {
    await client.query({ ...STATEMENTS.aside, values });
    return;
  }
  const spans = daySpans(target.begin, target.end);
  values.push(spans.days, target.domainId, target.orgName);
  if (spans.days.length === 1) await client.query({ ...STATEMENTS.day, values });
  else await client.query({ ...STATEMENTS.spread, values: [...values, spans.seconds, spans.total] });
}

function recordsJson(records: TRecord[]): string {
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
    })),
  );
}
