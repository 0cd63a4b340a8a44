import type pg from 'pg';
import { daySpans } from './day-spans';

/** What a report contributes to the rollups: its records plus where and when they count. */
export interface RollupTarget {
  reportRowId: bigint;
  domainId: number;
  orgName: string;
  /** Unix seconds, as in the report's date_range. */
  begin: number;
  end: number;
}

// The outcome dimensions of daily_rollup, computed from a report_record row.
const DIMENSIONS = `
  coalesce(source_ip, '0.0.0.0'::inet) AS source_ip,
  header_from,
  disposition,
  policy_dkim = 'pass' AS dkim_aligned,
  policy_spf = 'pass' AS spf_aligned,
  coalesce(dkim->0->>'domain', '') AS dkim_domain,
  coalesce(dkim->0->>'result', '') AS dkim_result,
  coalesce(spf->0->>'domain', '') AS spf_domain,
  coalesce(spf->0->>'result', '') AS spf_result,
  coalesce(reasons->0->>'type', '') AS override_reason`;
const DIMENSION_NAMES =
  'source_ip, header_from, disposition, dkim_aligned, spf_aligned, dkim_domain, dkim_result, spf_domain, spf_result, override_reason';

// Parameters: $1 report row id, $2 days (date[]), $3 domain id, $4 org name, $5 sign (+1 add,
// -1 subtract), $6 added to domain_daily.reports on each day; then per variant: NEXT_BATCH
// $7 the last record id already rolled up; SPREAD $7 seconds of the range in each day
// (bigint[]), $8 total seconds.
const oneDayContrib = (where: string) => `
  contrib AS (
    SELECT ${DIMENSIONS}, ($2::date[])[1] AS day, sum(count) AS messages
    FROM report_record WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  )`;
const ONE_DAY_CONTRIB = oneDayContrib('report_id = $1');
// The records COPYed since the last batch: a range of the primary key. "report_id + 0" keeps
// the planner off the report_id index, which would read every earlier batch again.
// Batches of a large one-day report: the records COPYed since the previous batch. The upper
// bound is the last id this session drew from the sequence (the batch's last record); the
// first batch is found through the report_id index (only its rows exist yet), later ones as a
// primary-key range — "report_id + 0" keeps the planner off the report_id index, which would
// read every earlier batch again.
const batchContrib = (where: string) => `
  bound AS (SELECT currval(pg_get_serial_sequence('report_record', 'id')) AS up_to),
  ${oneDayContrib(`${where} AND id <= (SELECT up_to FROM bound)`)}`;
const FIRST_BATCH_CONTRIB = batchContrib('report_id = $1');
const NEXT_BATCH_CONTRIB = batchContrib('id > $7::bigint AND report_id + 0 = $1');

const SPREAD_CONTRIB = `
  groups AS (
    SELECT row_number() OVER () AS gid, g.*
    FROM (
      SELECT ${DIMENSIONS}, sum(count) AS m
      FROM report_record WHERE report_id = $1
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ) g
  ),
  split AS (
    SELECT g.*, d.day, d.ord, div(g.m * d.secs, $8::bigint) AS base, mod(g.m * d.secs, $8::bigint) AS rem
    FROM groups g CROSS JOIN unnest($2::date[], $7::bigint[]) WITH ORDINALITY AS d(day, secs, ord)
  ),
  ranked AS (
    SELECT s.*, row_number() OVER (PARTITION BY gid ORDER BY rem DESC, ord) AS rn,
           m - sum(base) OVER (PARTITION BY gid) AS leftover
    FROM split s
  ),
  contrib AS (
    SELECT ${DIMENSION_NAMES}, day, base + CASE WHEN rn <= leftover THEN 1 ELSE 0 END AS messages
    FROM ranked
  )`;

// Rows are upserted in key order so
// that concurrent ingests touching the same rollup rows lock them in the same order.
const APPLY = `
  upsert AS (
    INSERT INTO daily_rollup AS r (domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned,
      spf_aligned, dkim_domain, dkim_result, spf_domain, spf_result, override_reason, messages)
    SELECT $3::int, day, source_ip, $4::text, header_from, disposition, dkim_aligned, spf_aligned, dkim_domain, dkim_result,
      spf_domain, spf_result, override_reason, ($5::int * messages)::bigint
    FROM contrib WHERE messages > 0
    ORDER BY day, ${DIMENSION_NAMES}
    ON CONFLICT (domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned, spf_aligned,
      dkim_domain, dkim_result, spf_domain, spf_result, override_reason)
    DO UPDATE SET messages = r.messages + excluded.messages
  )
  INSERT INTO domain_daily AS t (domain_id, day, messages, dmarc_pass, dkim_aligned_pass, spf_aligned_pass,
    quarantined, rejected, reports)
  SELECT $3::int, d.day, $5::int * coalesce(c.messages, 0), $5::int * coalesce(c.dmarc_pass, 0),
    $5::int * coalesce(c.dkim_pass, 0), $5::int * coalesce(c.spf_pass, 0), $5::int * coalesce(c.quarantined, 0),
    $5::int * coalesce(c.rejected, 0), $6::int
  FROM unnest($2::date[]) AS d(day)
  LEFT JOIN (
    SELECT day, sum(messages) AS messages,
      sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned) AS dmarc_pass,
      sum(messages) FILTER (WHERE dkim_aligned) AS dkim_pass,
      sum(messages) FILTER (WHERE spf_aligned) AS spf_pass,
      sum(messages) FILTER (WHERE disposition = 'quarantine') AS quarantined,
      sum(messages) FILTER (WHERE disposition = 'reject') AS rejected
    FROM contrib GROUP BY day
  ) c ON c.day = d.day
  ORDER BY d.day
  ON CONFLICT (domain_id, day) DO UPDATE SET
    messages = t.messages + excluded.messages,
    dmarc_pass = t.dmarc_pass + excluded.dmarc_pass,
    dkim_aligned_pass = t.dkim_aligned_pass + excluded.dkim_aligned_pass,
    spf_aligned_pass = t.spf_aligned_pass + excluded.spf_aligned_pass,
    quarantined = t.quarantined + excluded.quarantined,
    rejected = t.rejected + excluded.rejected,
    reports = t.reports + excluded.reports`;

const ADD_ONE_DAY = `WITH ${ONE_DAY_CONTRIB}, ${APPLY}`;
const ADD_FIRST_BATCH = `WITH ${FIRST_BATCH_CONTRIB}, ${APPLY} RETURNING (SELECT up_to FROM bound)`;
const ADD_NEXT_BATCH = `WITH ${NEXT_BATCH_CONTRIB}, ${APPLY} RETURNING (SELECT up_to FROM bound)`;
const ADD_SPREAD = `WITH ${SPREAD_CONTRIB}, ${APPLY}`;

/**
 * Adds (sign 1) or subtracts (sign -1) one report's contribution to daily_rollup and
 * domain_daily, computed in SQL from its stored records, inside the caller's transaction.
 * The contribution is a pure function of the records and the range, so subtracting before
 * the records are replaced takes back exactly what adding put in. Rows a subtraction empties
 * are removed (a source with no messages left is not a source).
 */
export async function applyRollup(client: pg.ClientBase, target: RollupTarget, sign: 1 | -1): Promise<void> {
  const spans = daySpans(target.begin, target.end);
  const params: unknown[] = [target.reportRowId.toString(), spans.days, target.domainId, target.orgName, sign, sign];
  if (spans.days.length === 1) await client.query({ name: 'atlas_rollup_one_day', text: ADD_ONE_DAY, values: params });
  else await client.query(ADD_SPREAD, [...params, spans.seconds, spans.total]);
  if (sign === -1) {
    await client.query('DELETE FROM daily_rollup WHERE domain_id = $1 AND day = ANY($2::date[]) AND messages = 0', [
      target.domainId, spans.days,
    ]);
    await client.query('DELETE FROM domain_daily WHERE domain_id = $1 AND day = ANY($2::date[]) AND reports = 0', [
      target.domainId, spans.days,
    ]);
  }
}

/** Whether a report's rollup is a plain sum of its records (one day), so it may be built in batches. */
export function isOneDay(begin: number, end: number): boolean {
  return daySpans(begin, end).days.length === 1;
}

/**
 * Adds the contribution of the records COPYed since the previous batch (`afterId`, null for
 * the first) of a large one-day report, while the rest is still being parsed, and returns the
 * last record id it covered. For a one-day report the contribution is a sum over records, so
 * the batches add up to exactly what applyRollup computes for the whole report (and
 * subtracts on replacement). The first batch also counts the report in domain_daily.reports.
 * Call only after this session COPYed records of this report.
 */
export async function rollupBatch(client: pg.ClientBase, target: RollupTarget, afterId: bigint | null): Promise<bigint> {
  const spans = daySpans(target.begin, target.end);
  if (spans.days.length !== 1) throw new Error('rollupBatch: only one-day reports are rolled up in batches');
  const params: unknown[] = [target.reportRowId.toString(), spans.days, target.domainId, target.orgName, 1, afterId === null ? 1 : 0];
  const res = await client.query<{ up_to: string }>(
    afterId === null ? ADD_FIRST_BATCH : ADD_NEXT_BATCH,
    afterId === null ? params : [...params, afterId.toString()],
  );
  return BigInt(res.rows[0].up_to);
}
