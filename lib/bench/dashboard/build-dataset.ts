import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ROLLUP_DIMENSIONS } from '@/lib/ingest';
import { getPool } from '@/lib/platform/db';

/** The shape of the data set: who owns what, who reports, and how the records are shared out. */
export const DATASET = {
  days: 90,
  /** Reporters (org_name): one aggregate report per domain, reporter and day, as real ones send. */
  reporters: ['google.com', 'Outlook.com', 'Yahoo', 'Mail.Ru', 'comcast.net', 'web.de', 'GMX', 'Fastmail'],
  /** The largest domain takes half the records: the page queries' worst case is its sender map. */
  domains: [
    { name: 'big.bench.example', organization: 'Bench A', share: 0.5 },
    { name: 'shop.bench.example', organization: 'Bench A', share: 0.1 },
    { name: 'news.bench.example', organization: 'Bench A', share: 0.1 },
    { name: 'alpha.bench.example', organization: 'Bench B', share: 0.1 },
    { name: 'beta.bench.example', organization: 'Bench B', share: 0.1 },
    { name: 'gamma.bench.example', organization: 'Bench B', share: 0.1 },
  ],
} as const;

/** Sending services: an address always signs and sends as the same one (its index picks it). */
const SERVICES = ['', 'sendgrid.net', 'amazonses.com', 'mailgun.org', 'google.com', 'outlook.com', 'mcsv.net', 'zendesk.com', 'salesforce.com', 'hubspotemail.net', 'mandrillapp.com', 'postmarkapp.com'];

export interface TDataset {
  records: number;
  reports: number;
  /** The largest domain (the per-domain queries are timed on it). */
  largest: { id: number; name: string };
  organizations: string[];
  seconds: number;
}

/**
 * The dashboard benchmark's fast path: instead of writing and parsing N records of XML, the
 * report and report_record rows are generated in SQL (generate_series) exactly as the ingest
 * stores them — one aggregate report per domain, reporter and UTC day over 90 days, records in
 * report order in their month partitions — and, in the same statement per domain and day, the
 * state the ingest and then the worker's compaction leave: each report's contribution grouped
 * by the ingest's own dimension expressions (ROLLUP_DIMENSIONS), summed per daily_rollup key
 * into daily_rollup_compacted, and the day's domain_daily row. Every report covers exactly one
 * UTC day, so there is no multi-day apportionment to reproduce. A test
 * (tests/integration/bench/dataset-fast-path.test.ts) rebuilds the same rollups through
 * applyRollup and compaction and finds them equal. Left out: the reports' XML (every report
 * points at one small blob; the report page's raw-XML panel is not benchmarked) and address
 * enrichment (no ip_enrichment rows: every address is its own unnamed source).
 */
export async function buildDataset(records: number, log: (line: string) => void): Promise<TDataset> {
  const t0 = performance.now();
  const pool = getPool();
  const client = await pool.connect();
  try {
    // Dates below are UTC days, as the ingest's.
    await client.query("SET TIME ZONE 'UTC'");
    await client.query("SET work_mem = '256MB'");
    const days = DATASET.days;
    const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    const first = new Date(today.getTime() - (days - 1) * 86_400_000);
    const firstDay = first.toISOString().slice(0, 10);

    await client.query(`INSERT INTO organization (name, slug) SELECT DISTINCT o, lower(replace(o, ' ', '-')) FROM unnest($1::text[]) AS o`, [
      DATASET.domains.map((d) => d.organization),
    ]);
    const domains = await client.query<{ id: number; name: string }>(
      `INSERT INTO domain (organization_id, name)
       SELECT o.id, d.name FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS d(name, org, n) JOIN organization o ON o.name = d.org ORDER BY d.n
       RETURNING id, name`,
      [DATASET.domains.map((d) => d.name), DATASET.domains.map((d) => d.organization)],
    );
    const xml = Buffer.from('<!-- atlas bench: the dashboard data set is generated in SQL; no report XML was kept -->\n');
    const blob = await client.query<{ id: string }>('INSERT INTO raw_blob (sha256, size, compressed_size, bytes) VALUES ($1, $2, $3, $4) RETURNING id', [
      createHash('sha256').update(xml).digest('hex'), xml.length, gzipSync(xml).length, gzipSync(xml),
    ]);
    // Every month the reports begin in gets its partition (the worker creates them ahead).
    await client.query(`SELECT atlas_ensure_record_month(m::date) FROM generate_series(date_trunc('month', $1::date), $2::date, interval '1 month') AS m`, [
      firstDay, today.toISOString().slice(0, 10),
    ]);

    const perDay = DATASET.reporters.length * days;
    let total = 0;
    let reports = 0;
    for (const [i, spec] of DATASET.domains.entries()) {
      const domain = domains.rows[i];
      const perReport = Math.max(1, Math.round((records * spec.share) / perDay));
      // Distinct addresses per report (reporters aggregate per address and day); a pool twice
      // a day's size, sliding by day, so a month sees every address of the pool.
      const addresses = Math.min(65_000, Math.max(2 * perReport, 500));
      const t1 = performance.now();
      await client.query('BEGIN');
      const inserted = await client.query(
        `INSERT INTO report (domain_id, org_name, reporter_email, report_id, begin_at, end_at, policy_domain, adkim, aspf, p, sp, pct,
                             record_count, message_count, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, source_ip_count, content_hash, xml_blob_id)
         SELECT $1::int, r.name, 'noreply-dmarc@' || lower(replace(r.name, ' ', '')) || '.example', 'bench-' || $1 || '-' || r.k || '-' || g.n,
                $2::date + g.n, $2::date + g.n + interval '1 day' - interval '1 second', $3::text, 'r', 'r', 'quarantine', 'quarantine', '100',
                0, 0, 0, 0, 0, 0, md5($1 || ':' || r.k || ':' || g.n), $4::bigint
           FROM generate_series(0, $5::int - 1) AS g(n) CROSS JOIN unnest($6::text[]) WITH ORDINALITY AS r(name, k)
          ORDER BY g.n, r.k`,
        [domain.id, firstDay, domain.name, blob.rows[0].id, days, DATASET.reporters],
      );
      reports += inserted.rowCount ?? 0;
      // Records in report order (BRIN on report_id relies on it), deterministic from a hash of
      // (report, position): ~80 % DKIM-aligned, ~70 % SPF-aligned, quarantined when neither.
      // A day at a time: each statement sorts its rows in memory (the day's 8 reports).
      for (let day = 0; day < days; day++) {
        const rec = await client.query<{ records: number }>(
          `WITH ins AS (
           INSERT INTO report_record (domain_id, report_day, report_id, ord, source_ip, source_ip_text, count, disposition, policy_dkim, policy_spf,
                                      reasons, header_from, envelope_from, envelope_to, dkim, spf)
           SELECT $1::int, x.day, x.id, x.ord, x.ip, host(x.ip), 1 + x.h % 50,
                  CASE WHEN x.pd OR x.ps THEN 'none' ELSE 'quarantine' END,
                  CASE WHEN x.pd THEN 'pass' ELSE 'fail' END, CASE WHEN x.ps THEN 'pass' ELSE 'fail' END,
                  '[]'::jsonb, $2::text, NULL, NULL,
                  jsonb_build_array(jsonb_build_object('domain', coalesce(nullif(x.svc, ''), $2::text), 'selector', 's' || (x.a % 3), 'result', CASE WHEN x.pd THEN 'pass' ELSE 'fail' END)),
                  jsonb_build_array(jsonb_build_object('domain', coalesce(nullif(x.svc, ''), $2::text), 'scope', 'mfrom', 'result', CASE WHEN x.ps THEN 'pass' ELSE 'softfail' END))
             FROM (
               SELECT r.id, (r.begin_at AT TIME ZONE 'UTC')::date AS day, g.ord, h.h, a.a,
                      '198.18.0.0'::inet + (($1::int * 7777 + a.a) % 131072) AS ip,
                      ($4::text[])[1 + a.a % cardinality($4::text[])] AS svc,
                      h.h % 10 < 8 AS pd, (h.h / 10) % 10 < 7 AS ps
                 FROM report r
                 CROSS JOIN generate_series(1, $3::int) AS g(ord)
                 CROSS JOIN LATERAL (SELECT hashtext(r.id || ':' || g.ord) & 2147483647 AS h) h
                 CROSS JOIN LATERAL (SELECT (g.ord - 1 + (r.begin_at::date - $5::date) * 37 + (hashtext(r.org_name) & 65535)) % $6::int AS a) a
                WHERE r.domain_id = $1 AND r.begin_at >= $5::date + $7::int AND r.begin_at < $5::date + $7::int + 1
             ) x
            ORDER BY x.id, x.ord
           RETURNING report_id, report_day, count, policy_dkim, policy_spf, source_ip, header_from, disposition, dkim, spf, reasons, header_from_foreign
           ),
           -- The report rows' figures, as the ingest computes them from the same records.
           upd AS (
           UPDATE report r SET record_count = x.n, message_count = x.m, dmarc_pass = x.p, dkim_aligned_pass = x.dk, spf_aligned_pass = x.sp, source_ip_count = x.ips
             FROM (SELECT report_id, count(*)::int AS n, sum(count) AS m, coalesce(sum(count) FILTER (WHERE policy_dkim = 'pass' OR policy_spf = 'pass'), 0) AS p,
                          coalesce(sum(count) FILTER (WHERE policy_dkim = 'pass'), 0) AS dk,
                          coalesce(sum(count) FILTER (WHERE policy_spf = 'pass'), 0) AS sp, count(DISTINCT source_ip)::int AS ips
                     FROM ins GROUP BY report_id) x
            WHERE r.id = x.report_id
           RETURNING x.n, r.org_name, r.id
           ),
           -- Each report's contribution grouped with the ingest's own dimension expressions
           -- (ROLLUP_DIMENSIONS); every report covers one UTC day, so it all counts on that day.
           contrib AS (
             SELECT report_id, report_day AS day, ${ROLLUP_DIMENSIONS}, sum(count) AS messages
               FROM ins WHERE NOT header_from_foreign
              GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
           ),
           -- What compaction leaves of those contributions: summed per daily_rollup key.
           rolled AS (
           INSERT INTO daily_rollup_compacted (domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned, spf_aligned,
                                               dkim_domain, dkim_result, spf_domain, spf_result, override_reason, messages)
           SELECT $1::int, c.day, c.source_ip, u.org_name, c.header_from, c.disposition, c.dkim_aligned, c.spf_aligned,
                  c.dkim_domain, c.dkim_result, c.spf_domain, c.spf_result, c.override_reason, sum(c.messages)
             FROM contrib c JOIN upd u ON u.id = c.report_id
            WHERE c.messages > 0
            GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
            ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
           RETURNING day, disposition, dkim_aligned, spf_aligned, messages
           ),
           daily AS (
           INSERT INTO domain_daily (domain_id, day, messages, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, quarantined, rejected, reports, reports_started)
           SELECT $1::int, day, sum(messages), coalesce(sum(messages) FILTER (WHERE dkim_aligned OR spf_aligned), 0),
                  coalesce(sum(messages) FILTER (WHERE dkim_aligned), 0), coalesce(sum(messages) FILTER (WHERE spf_aligned), 0),
                  coalesce(sum(messages) FILTER (WHERE disposition = 'quarantine'), 0), coalesce(sum(messages) FILTER (WHERE disposition = 'reject'), 0),
                  (SELECT count(*) FROM upd), (SELECT count(*) FROM upd)
             FROM rolled GROUP BY day
           RETURNING 1
           )
           SELECT coalesce(sum(n), 0)::int AS records, (SELECT count(*) FROM daily)::int AS days FROM upd`,
          [domain.id, domain.name, perReport, SERVICES, firstDay, addresses, day],
        );
        total += rec.rows[0].records;
      }
      await client.query('COMMIT');
      log(`bench:   ${domain.name}: ${days * DATASET.reporters.length} reports × ${perReport.toLocaleString('en-US')} records in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    }
    await client.query('VACUUM ANALYZE');
    return { records: total, reports, largest: domains.rows[0], organizations: [...new Set(DATASET.domains.map((d) => d.organization))], seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
