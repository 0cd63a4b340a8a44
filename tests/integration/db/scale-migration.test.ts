import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../../lib/platform/db-setup/migrate';
import { readMigrations } from '../../../lib/platform/db-setup/migrations-dir';
import { useEmptyDatabase } from '../../helpers/db';

// Migration 20261206120000_scale_write moves existing data into the new write path's tables:
// records into monthly partitions (ord keeps their order, the report's day and domain are
// filled in), the rollup table becomes the compacted store behind the daily_rollup view with
// every row as it was, and domain_daily.reports_started is counted from the reports.

const SCALE = '20261206120000_scale_write';

describe(`migration ${SCALE}`, () => {
  it('keeps every record, rollup row and figure of an existing database', async () => {
    const url = await useEmptyDatabase();
    await migrate(url, readMigrations().filter((m) => m.name < SCALE));
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await db.query(`
        INSERT INTO organization (id, name, slug) VALUES (1, 'Old Org', 'old-org');
        INSERT INTO domain (id, organization_id, name) VALUES (1, 1, 'old.example');
        INSERT INTO raw_blob (id, sha256, size, compressed_size, bytes) VALUES (1, 'a', 1, 1, '\\x00'), (2, 'b', 1, 1, '\\x00');
        INSERT INTO report (id, domain_id, org_name, report_id, begin_at, end_at, policy_domain, record_count, message_count, dmarc_pass,
                            dkim_aligned_pass, spf_aligned_pass, source_ip_count, content_hash, xml_blob_id)
        VALUES (10, 1, 'google.com', 'g-1', '2025-03-01T00:00:00Z', '2025-03-01T23:59:59Z', 'old.example', 2, 5, 5, 5, 5, 2, 'h1', 1),
               (11, NULL, 'yahoo.com', 'y-1', '2025-04-29T12:00:00Z', '2025-05-01T12:00:00Z', 'aside.example', 1, 7, 0, 0, 0, 1, 'h2', 2);
        INSERT INTO report_record (id, report_id, source_ip, count, disposition, policy_dkim, policy_spf, header_from)
        VALUES (100, 10, '192.0.2.1', 2, 'none', 'pass', 'pass', 'old.example'),
               (101, 11, '192.0.2.9', 7, 'reject', 'fail', 'fail', 'aside.example'),
               (102, 10, '192.0.2.2', 3, 'none', 'pass', 'pass', 'elsewhere.test');
        INSERT INTO daily_rollup (id, domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned, spf_aligned,
                                  dkim_domain, dkim_result, spf_domain, spf_result, override_reason, messages)
        VALUES (1000, 1, '2025-03-01', '192.0.2.1', 'google.com', 'old.example', 'none', true, true, '', '', '', '', '', 2),
               (1001, 1, '2025-03-01', '192.0.2.2', 'google.com', 'elsewhere.test', 'none', true, true, '', '', '', '', '', 3);
        INSERT INTO domain_daily (domain_id, day, messages, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, quarantined, rejected, reports)
        VALUES (1, '2025-03-01', 5, 5, 5, 5, 0, 0, 1);
      `);
      await db.query("SELECT setval('daily_rollup_id_seq', 1001)");
      await migrate(url);

      expect(
        (await db.query(`SELECT tableoid::regclass::text AS part, report_id::int, ord, report_day::text, domain_id, host(source_ip) AS ip, header_from_foreign
                           FROM report_record ORDER BY report_id, ord`)).rows,
      ).toEqual([
        { part: 'report_record_2025_03', report_id: 10, ord: 1, report_day: '2025-03-01', domain_id: 1, ip: '192.0.2.1', header_from_foreign: false },
        { part: 'report_record_2025_03', report_id: 10, ord: 2, report_day: '2025-03-01', domain_id: 1, ip: '192.0.2.2', header_from_foreign: false },
        { part: 'report_record_2025_04', report_id: 11, ord: 1, report_day: '2025-04-29', domain_id: null, ip: '192.0.2.9', header_from_foreign: false },
      ]);
      expect((await db.query('SELECT id::int, host(source_ip) AS ip, messages::int FROM daily_rollup ORDER BY id')).rows).toEqual([
        { id: 1000, ip: '192.0.2.1', messages: 2 },
        { id: 1001, ip: '192.0.2.2', messages: 3 },
      ]);
      expect((await db.query('SELECT count(*)::int AS n FROM rollup_contrib')).rows).toEqual([{ n: 0 }]);
      expect((await db.query('SELECT day::text, reports, reports_started FROM domain_daily')).rows).toEqual([{ day: '2025-03-01', reports: 1, reports_started: 1 }]);
      // New rollup rows continue the old ids (the enrichment cursor reads by id).
      expect(Number((await db.query("SELECT nextval('daily_rollup_compacted_id_seq') AS n")).rows[0].n)).toBeGreaterThan(1001);
    } finally {
      await db.end();
    }
  });
});
