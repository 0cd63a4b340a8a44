import type pg from 'pg';
import type { DailyFigures } from './daily-sums';
import { daySpans, reportDay } from './day-spans';
import { RECORD_COLUMNS } from './record-row';

/** What a report contributes to the rollups: its records plus where and when they count. */
export interface RollupTarget {
  reportRowId: bigint;
  domainId: number;
  orgName: string;
  /** Unix seconds, as in the report's date_range. */
  begin: number;
  end: number;
}

// The outcome dimensions of daily_rollup, computed from a report_record row. Exported for the
// benchmark's data-set fast path, which must group records exactly as the ingest does.
export const ROLLUP_DIMENSIONS = `
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

/**
 * Placeholders (or literals) of the values a rollup needs, so that its SQL can be part of
 * other statements too (storing a small report is one statement: report, records, rollups).
 */
export interface RollupSlots {
  /** bigint: the report row id the contribution belongs to. */
  reportRowId: string;
  /** date[]: the days of the report's range. */
  days: string;
  domainId: string;
  org: string;
  /** 1 adds, -1 takes back. */
  sign: string;
  /** Added to domain_daily.reports on each day (and reports_started on the first). */
  reportsDelta: string;
  /** boolean: whether the contribution goes to rollup_contrib (not for a pending report taken back: it never went there). Default true. */
  append?: string;
  /** Only for reports spanning several days: bigint[] seconds of the range per day, and their total. */
  seconds?: string;
  total?: string;
}

// Rows whose header_from is not the policy domain or a subdomain (flagged at ingest) are no
// part of the domain's figures.
const OWN_ROWS = 'NOT header_from_foreign';

function oneDayContrib(from: string, s: RollupSlots): string {
  return `
  contrib AS (
    SELECT ${ROLLUP_DIMENSIONS}, (${s.days}::date[])[1] AS day, sum(count) AS messages
    FROM ${from} AND ${OWN_ROWS}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
  )`;
}

// Largest-remainder apportionment per group: floor shares by seconds, then the leftover
// messages one each to the days with the largest remainders (earlier day first on ties), so a
// group's days always add up to exactly its messages. Integer arithmetic on numeric: exact.
function spreadContrib(from: string, s: RollupSlots): string {
  return `
  groups AS (
    SELECT row_number() OVER () AS gid, g.*
    FROM (
      SELECT ${ROLLUP_DIMENSIONS}, sum(count) AS m
      FROM ${from} AND ${OWN_ROWS}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
    ) g
  ),
  split AS (
    SELECT g.*, d.day, d.ord, div(g.m * d.secs, ${s.total}::bigint) AS base, mod(g.m * d.secs, ${s.total}::bigint) AS rem
    FROM groups g CROSS JOIN unnest(${s.days}::date[], ${s.seconds}::bigint[]) WITH ORDINALITY AS d(day, secs, ord)
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
}

// The contribution is appended to rollup_contrib (no unique key: no upsert, no row locks per
// record) and folded into daily_rollup_compacted later (compact-rollups.ts); readers see the
// sum of both through the view daily_rollup. domain_daily is one row per covered day: it is
// upserted here in day order (concurrent ingests lock its rows in the same order) — or, in a
// batch of reports (ingest-many.ts), noted in a session table and upserted once at the end of
// the batch in (domain, day) order, so that batches touching the same days cannot deadlock.
/** The contribution's domain_daily figures, summed from the CTE `contrib` per `by`. */
const dailySums = (by: string) => `
      SELECT ${by}, sum(messages) AS messages,
        sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned) AS dmarc_pass,
        sum(messages) FILTER (WHERE dkim_aligned) AS dkim_pass,
        sum(messages) FILTER (WHERE spf_aligned) AS spf_pass,
        sum(messages) FILTER (WHERE disposition = 'quarantine') AS quarantined,
        sum(messages) FILTER (WHERE disposition = 'reject') AS rejected
      FROM contrib GROUP BY ${by}`;
const DAILY_VALUES = (s: RollupSlots) => `
    SELECT ${s.domainId}::int, d.day, ${s.sign}::int * coalesce(c.messages, 0), ${s.sign}::int * coalesce(c.dmarc_pass, 0),
      ${s.sign}::int * coalesce(c.dkim_pass, 0), ${s.sign}::int * coalesce(c.spf_pass, 0),
      ${s.sign}::int * coalesce(c.quarantined, 0), ${s.sign}::int * coalesce(c.rejected, 0), ${s.reportsDelta}::int,
      CASE WHEN d.n = 1 THEN ${s.reportsDelta}::int ELSE 0 END
    FROM unnest(${s.days}::date[]) WITH ORDINALITY AS d(day, n)
    LEFT JOIN (${dailySums('day')}) c ON c.day = d.day`;
const DAILY_COLUMNS = 'domain_id, day, messages, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, quarantined, rejected, reports, reports_started';
const DAILY_ADD = `
      messages = t.messages + excluded.messages,
      dmarc_pass = t.dmarc_pass + excluded.dmarc_pass,
      dkim_aligned_pass = t.dkim_aligned_pass + excluded.dkim_aligned_pass,
      spf_aligned_pass = t.spf_aligned_pass + excluded.spf_aligned_pass,
      quarantined = t.quarantined + excluded.quarantined,
      rejected = t.rejected + excluded.rejected,
      reports = t.reports + excluded.reports,
      reports_started = t.reports_started + excluded.reports_started`;

/** The CTE appending `contrib`'s rows (with the report, domain and organisation given) to rollup_contrib. */
const rollupAppend = (reportId: string, domainId: string, org: string, sign: string, append = 'true') => `rollup_append AS (
    INSERT INTO rollup_contrib (report_id, domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned,
      spf_aligned, dkim_domain, dkim_result, spf_domain, spf_result, override_reason, messages)
    SELECT ${reportId}, ${domainId}, day, source_ip, ${org}, header_from, disposition, dkim_aligned, spf_aligned,
      dkim_domain, dkim_result, spf_domain, spf_result, override_reason, (${sign}::int * messages)::bigint
    FROM contrib WHERE messages > 0 AND ${append}
  )`;

function applyCtes(s: RollupSlots, batch: boolean): string {
  const daily = batch
    ? `INSERT INTO ${DAILY_DELTA} (${DAILY_COLUMNS}) ${DAILY_VALUES(s)} RETURNING 1`
    : `INSERT INTO domain_daily AS t (${DAILY_COLUMNS}) ${DAILY_VALUES(s)}
    ORDER BY d.day
    ON CONFLICT (domain_id, day) DO UPDATE SET ${DAILY_ADD}
    RETURNING 1`;
  return `
  ${rollupAppend(`${s.reportRowId}::bigint`, `${s.domainId}::int`, `${s.org}::text`, s.sign, s.append)},
  rollup_daily AS (${daily})`;
}

/** The session table of a batch's domain_daily changes (temporary: this connection only). */
const DAILY_DELTA = 'atlas_domain_daily_delta';
const CREATE_DELTA = `CREATE TEMP TABLE IF NOT EXISTS ${DAILY_DELTA} (
  domain_id int NOT NULL, day date NOT NULL, messages numeric NOT NULL, dmarc_pass numeric NOT NULL, dkim_aligned_pass numeric NOT NULL,
  spf_aligned_pass numeric NOT NULL, quarantined numeric NOT NULL, rejected numeric NOT NULL, reports int NOT NULL, reports_started int NOT NULL)`;
const FLUSH_DELTA = `
  WITH d AS (DELETE FROM ${DAILY_DELTA} RETURNING *),
  s AS (
    SELECT domain_id, day, sum(messages) AS messages, sum(dmarc_pass) AS dmarc_pass, sum(dkim_aligned_pass) AS dkim_aligned_pass,
           sum(spf_aligned_pass) AS spf_aligned_pass, sum(quarantined) AS quarantined, sum(rejected) AS rejected,
           sum(reports)::int AS reports, sum(reports_started)::int AS reports_started
      FROM d GROUP BY domain_id, day
  )
  INSERT INTO domain_daily AS t (${DAILY_COLUMNS})
  SELECT ${DAILY_COLUMNS} FROM s ORDER BY domain_id, day
  ON CONFLICT (domain_id, day) DO UPDATE SET ${DAILY_ADD}
  RETURNING t.domain_id, t.day::text AS day, t.reports`;

const inBatch = new WeakSet<pg.ClientBase>();

/** From now on this client's reports note their domain_daily changes for flushDailyBatch. */
export async function beginDailyBatch(client: pg.ClientBase): Promise<void> {
  await client.query(CREATE_DELTA);
  inBatch.add(client);
}

/** Applies the batch's domain_daily changes in (domain, day) order; ends the batch mode. */
export async function flushDailyBatch(client: pg.ClientBase): Promise<void> {
  inBatch.delete(client);
  const res = await client.query<{ domain_id: number; day: string; reports: number }>(FLUSH_DELTA);
  const emptied = res.rows.filter((r) => r.reports === 0);
  if (emptied.length > 0) {
    await client.query('DELETE FROM domain_daily t USING unnest($1::int[], $2::date[]) AS e(domain_id, day) WHERE t.domain_id = e.domain_id AND t.day = e.day AND t.reports = 0', [
      emptied.map((r) => r.domain_id), emptied.map((r) => r.day),
    ]);
  }
}

/** Leaves batch mode without flushing (the batch's transaction failed). */
export function abandonDailyBatch(client: pg.ClientBase): void {
  inBatch.delete(client);
}

export function isDailyBatch(client: pg.ClientBase): boolean {
  return inBatch.has(client);
}

/**
 * The CTEs (for a WITH clause) that add or take back the rollup contribution of the records
 * `from` yields: "<FROM clause> WHERE <condition>" over rows with report_record's columns.
 * Data-modifying CTEs always run to completion, whatever the statement's main query reads.
 */
export function rollupCtes(from: string, spread: boolean, s: RollupSlots, batch = false): string {
  return `${spread ? spreadContrib(from, s) : oneDayContrib(from, s)},${applyCtes(s, batch)}`;
}

// Standalone statements: $1 report row id, $2 days, $3 domain id, $4 org, $5 sign, $6 reports
// delta, $7 the report's day (partition pruning), then $8 whether the contribution is appended
// (one day) or $8 seconds and $9 total (several days).
const SLOTS: RollupSlots = { reportRowId: '$1', days: '$2', domainId: '$3', org: '$4', sign: '$5', reportsDelta: '$6' };
const OF_REPORT = 'report_record WHERE report_day = $7::date AND report_id = $1';
const statement = (name: string, spread: boolean, batch: boolean) => ({
  name: `${name}${batch ? '_batch' : ''}`,
  text: `WITH ${rollupCtes(OF_REPORT, spread, spread ? { ...SLOTS, seconds: '$8', total: '$9' } : { ...SLOTS, append: '$8::boolean' }, batch)} SELECT 1`,
});
const ADD = {
  oneDay: [statement('atlas_rollup_one_day', false, false), statement('atlas_rollup_one_day', false, true)],
  spread: [statement('atlas_rollup_spread', true, false), statement('atlas_rollup_spread', true, true)],
};

/**
 * Adds (sign 1) or takes back (sign -1) one report's contribution to the rollups (appended to
 * rollup_contrib) and domain_daily, computed in SQL from its stored records, inside the
 * caller's transaction. The contribution is a pure function of the records and the range, so
 * taking it back before the records are replaced or deleted removes exactly what adding put
 * in — whether that was compacted since or not: the view sums both stores.
 */
export async function applyRollup(client: pg.ClientBase, target: RollupTarget, sign: 1 | -1): Promise<void> {
  const spans = daySpans(target.begin, target.end);
  const params: unknown[] = [target.reportRowId.toString(), spans.days, target.domainId, target.orgName, sign, sign, reportDay(target.begin)];
  const batch = isDailyBatch(client) ? 1 : 0;
  if (spans.days.length === 1) {
    // A pending report's contribution was never appended: taking it back ends its pending
    // row; its domain_daily figures are taken back as any report's.
    const appended = sign === 1 || !(await endPending(client, target));
    await client.query({ ...ADD.oneDay[batch], values: [...params, appended] });
  } else await client.query({ ...ADD.spread[batch], values: [...params, spans.seconds, spans.total] });
  if (sign === -1 && !batch) {
    await client.query('DELETE FROM domain_daily WHERE domain_id = $1 AND day = ANY($2::date[]) AND reports = 0', [
      target.domainId, spans.days,
    ]);
  }
}

/** Whether a report's rollup is a plain sum of its records (one day), so it may be built in batches. */
export function isOneDay(begin: number, end: number): boolean {
  return daySpans(begin, end).days.length === 1;
}

/** A large one-day report stored pending: its contribution is read from its records until compaction. */
export interface PendingTarget {
  reportRowId: bigint;
  domainId: number;
  orgName: string;
  /** YYYY-MM-DD: the one day its messages count on. */
  day: string;
  /** YYYY-MM-DD: its records' report_day. */
  reportDay: string;
}

/** The pending form of a one-day report's rollup target. */
export function pendingTarget(target: RollupTarget): PendingTarget {
  return { reportRowId: target.reportRowId, domainId: target.domainId, orgName: target.orgName, day: daySpans(target.begin, target.end).days[0], reportDay: reportDay(target.begin) };
}

/**
 * Stores a one-day report's contribution pending (rollup_pending: the view daily_rollup sums
 * its records until compaction folds them in) and adds its domain_daily figures, summed
 * outside SQL while it streamed (daily-sums.ts), counting the report once: the same
 * domain_daily change as applyRollup's for that report.
 */
export async function notePending(client: pg.ClientBase, target: PendingTarget, f: DailyFigures): Promise<void> {
  await client.query('INSERT INTO rollup_pending (domain_id, report_id, day, report_day, org_name) VALUES ($1, $2, $3::date, $4::date, $5)', [
    target.domainId, target.reportRowId.toString(), target.day, target.reportDay, target.orgName,
  ]);
  const values = [target.domainId, target.day, f.messages, f.dmarcPass, f.dkimPass, f.spfPass, f.quarantined, f.rejected].map(String);
  const daily = isDailyBatch(client)
    ? `INSERT INTO ${DAILY_DELTA} (${DAILY_COLUMNS}) VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, 1, 1)`
    : `INSERT INTO domain_daily AS t (${DAILY_COLUMNS}) VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, 1, 1)
       ON CONFLICT (domain_id, day) DO UPDATE SET ${DAILY_ADD}`;
  await client.query(daily, values);
}

/**
 * The records of the pending reports that `pending` yields (rows of rollup_pending, aliased p),
 * the policy domain's own: "<FROM clause> WHERE <condition>" over rows with report_record's
 * columns (aliased r). The view daily_rollup reads them the same way (migration rollup_pending).
 */
export const pendingRecords = (pending: string) =>
  `${pending} p JOIN report_record r ON r.domain_id = p.domain_id AND r.report_day = p.report_day AND r.report_id = p.report_id
   WHERE ${OWN_ROWS}`;

// The one-day contribution of pending reports, appended as their rollup statement would have
// appended it at ingest, their pending rows ended: $1 the first report_day (null: any), $2 the
// day after the last.
const APPEND_PENDING = `
  WITH ended AS (
    DELETE FROM rollup_pending WHERE report_day < $2::date AND ($1::date IS NULL OR report_day >= $1::date) RETURNING *
  ),
  contrib AS (
    SELECT p.report_id, p.domain_id, p.org_name, p.day, ${ROLLUP_DIMENSIONS}, sum(count) AS messages
    FROM ${pendingRecords('ended')}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
  ),
  ${rollupAppend('report_id', 'domain_id', 'org_name', '1')}
  SELECT count(*)::int AS n FROM ended`;

/**
 * Appends the contribution of the pending reports whose records lie in [from, to) to
 * rollup_contrib, inside the caller's transaction: before those records are dropped
 * (retention), the view must no longer need them. Returns the reports.
 */
export async function appendPending(client: pg.ClientBase, from: string | null, to: string): Promise<number> {
  const res = await client.query<{ n: number }>(APPEND_PENDING, [from, to]);
  return res.rows[0].n;
}

/** Ends a report's pending row; false when it has none (its contribution was appended, or compacted since). */
async function endPending(client: pg.ClientBase, target: RollupTarget): Promise<boolean> {
  const res = await client.query('DELETE FROM rollup_pending WHERE domain_id = $1 AND report_id = $2', [target.domainId, target.reportRowId.toString()]);
  return (res.rowCount ?? 0) > 0;
}

/** A one-day report of a batch whose records are stored: what its contribution needs. */
export interface OneDayRollup {
  reportRowId: bigint;
  domainId: number;
  orgName: string;
  /** The day its messages count on (daySpans(begin, end).days[0]). */
  day: string;
}

/**
 * The batch's records, also COPYed into this session's temporary table (not logged, no index,
 * emptied at commit) so that its rollup statements read them back from there. Read back from
 * report_record instead, they were found through BRIN(report_id), whose ranges behind a large
 * COPY stay unsummarized until a vacuum: every batch scanned them all (338 ms a batch after the
 * bench's 500,000-record report; the bench's ingestMany went from 450 to 1,794 reports/s).
 */
export const BATCH_RECORDS = 'pg_temp.batch_record';
const BATCH_RECORDS_COLUMNS = RECORD_COLUMNS.join(', ');
export const BATCH_RECORDS_COPY_SQL = `COPY ${BATCH_RECORDS} (${BATCH_RECORDS_COLUMNS}) FROM STDIN`;
const CREATE_BATCH_RECORDS = `CREATE TEMP TABLE IF NOT EXISTS batch_record ON COMMIT DELETE ROWS AS
  SELECT ${BATCH_RECORDS_COLUMNS} FROM report_record WITH NO DATA`;

/**
 * Makes sure this session has the batch's record table. Asked every batch (a statement of well
 * under a millisecond) rather than remembered per client: a pooler or a DISCARD can hand us a
 * session without it.
 */
export async function prepareBatchRecords(client: pg.ClientBase): Promise<void> {
  await client.query(CREATE_BATCH_RECORDS);
}

// The one-day contribution (oneDayContrib + applyCtes with sign 1, reports delta 1) of many
// reports in one statement, grouped per report: the same rows those statements append, one
// after another. The records are read from the batch's own table (BATCH_RECORDS).
const BATCH_ONE_DAY = `
  WITH t AS (
    SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::date[]) AS t(report_id, domain_id, org_name, day)
  ),
  contrib AS (
    SELECT t.report_id, t.domain_id, t.org_name, t.day, ${ROLLUP_DIMENSIONS}, sum(count) AS messages
    FROM ${BATCH_RECORDS} r JOIN t ON t.report_id = r.report_id
    WHERE ${OWN_ROWS}
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
  ),
  ${rollupAppend('report_id', 'domain_id', 'org_name', '1')}
  INSERT INTO ${DAILY_DELTA} (${DAILY_COLUMNS})
  SELECT t.domain_id, t.day, 1 * coalesce(c.messages, 0), 1 * coalesce(c.dmarc_pass, 0), 1 * coalesce(c.dkim_pass, 0),
    1 * coalesce(c.spf_pass, 0), 1 * coalesce(c.quarantined, 0), 1 * coalesce(c.rejected, 0), 1, 1
  FROM t LEFT JOIN (${dailySums('report_id')}) c ON c.report_id = t.report_id`;

/**
 * Adds the contributions of many stored one-day reports (a batch of ingestMany) in one
 * statement; only in batch mode (domain_daily changes go to the batch's session table).
 */
export async function applyOneDayRollups(client: pg.ClientBase, reports: OneDayRollup[]): Promise<void> {
  if (reports.length === 0) return;
  if (!isDailyBatch(client)) throw new Error('applyOneDayRollups: only inside a batch (beginDailyBatch)');
  await client.query(BATCH_ONE_DAY, [
    reports.map((r) => r.reportRowId.toString()), reports.map((r) => r.domainId), reports.map((r) => r.orgName), reports.map((r) => r.day),
  ]);
}

/** A report of a batch spanning several days, its records stored. */
export interface SpreadRollup {
  reportRowId: bigint;
  domainId: number;
  orgName: string;
  begin: number;
  end: number;
}

// spreadContrib + applyCtes (sign 1, reports delta 1) for many reports in one statement: the
// same apportionment per (report, group), each report with its own days and seconds.
const BATCH_SPREAD = `
  WITH t AS (
    SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::bigint[]) AS t(report_id, domain_id, org_name, total)
  ),
  d AS (
    SELECT * FROM unnest($5::bigint[], $6::date[], $7::bigint[], $8::int[]) AS d(report_id, day, secs, ord)
  ),
  groups AS (
    SELECT row_number() OVER () AS gid, g.*
    FROM (
      SELECT t.report_id, t.domain_id, t.org_name, t.total, ${ROLLUP_DIMENSIONS}, sum(count) AS m
      FROM ${BATCH_RECORDS} r JOIN t ON t.report_id = r.report_id
      WHERE ${OWN_ROWS}
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14
    ) g
  ),
  split AS (
    SELECT g.*, d.day, d.ord, div(g.m * d.secs, g.total) AS base, mod(g.m * d.secs, g.total) AS rem
    FROM groups g JOIN d ON d.report_id = g.report_id
  ),
  ranked AS (
    SELECT s.*, row_number() OVER (PARTITION BY gid ORDER BY rem DESC, ord) AS rn,
           m - sum(base) OVER (PARTITION BY gid) AS leftover
    FROM split s
  ),
  contrib AS (
    SELECT report_id, domain_id, org_name, ${DIMENSION_NAMES}, day, base + CASE WHEN rn <= leftover THEN 1 ELSE 0 END AS messages
    FROM ranked
  ),
  ${rollupAppend('report_id', 'domain_id', 'org_name', '1')}
  INSERT INTO ${DAILY_DELTA} (${DAILY_COLUMNS})
  SELECT t.domain_id, d.day, 1 * coalesce(c.messages, 0), 1 * coalesce(c.dmarc_pass, 0), 1 * coalesce(c.dkim_pass, 0),
    1 * coalesce(c.spf_pass, 0), 1 * coalesce(c.quarantined, 0), 1 * coalesce(c.rejected, 0), 1, CASE WHEN d.ord = 1 THEN 1 ELSE 0 END
  FROM d JOIN t ON t.report_id = d.report_id
  LEFT JOIN (${dailySums('report_id, day')}) c ON c.report_id = d.report_id AND c.day = d.day`;

/** Adds the contributions of many stored reports spanning several days in one statement; batch mode only. */
export async function applySpreadRollups(client: pg.ClientBase, reports: SpreadRollup[]): Promise<void> {
  if (reports.length === 0) return;
  if (!isDailyBatch(client)) throw new Error('applySpreadRollups: only inside a batch (beginDailyBatch)');
  const days: { id: string[]; day: string[]; secs: number[]; ord: number[] } = { id: [], day: [], secs: [], ord: [] };
  const totals: number[] = [];
  for (const r of reports) {
    const spans = daySpans(r.begin, r.end);
    totals.push(spans.total);
    spans.days.forEach((day, i) => {
      days.id.push(r.reportRowId.toString());
      days.day.push(day);
      days.secs.push(spans.seconds[i]);
      days.ord.push(i + 1);
    });
  }
  await client.query(BATCH_SPREAD, [
    reports.map((r) => r.reportRowId.toString()), reports.map((r) => r.domainId), reports.map((r) => r.orgName), totals,
    days.id, days.day, days.secs, days.ord,
  ]);
}
