import { describe, expect, it } from 'vitest';
import { buildDataset } from '@/lib/bench/dashboard/build-dataset';
import { applyRollup, compactAll } from '@/lib/ingest';
import { getPool } from '@/lib/platform/db';
import { useTestDatabase } from '../../helpers/db';

// The dashboard bench writes rollups straight from its generated records, without going
// through the ingest's per-report rollup and the worker's compaction. That shortcut is only
// honest if it leaves exactly the tables those two would: this rebuilds them the slow way.

const ROLLUP = `SELECT domain_id, day::text, host(source_ip) AS ip, org_name, header_from, disposition, dkim_aligned, spf_aligned,
                       dkim_domain, dkim_result, spf_domain, spf_result, override_reason, messages::text
                  FROM daily_rollup_compacted ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13`;
const DAILY = `SELECT domain_id, day::text, messages::text, dmarc_pass::text, dkim_aligned_pass::text, spf_aligned_pass::text,
                      quarantined::text, rejected::text, reports, reports_started
                 FROM domain_daily ORDER BY 1, 2`;

describe('the dashboard bench data set (fast path)', () => {
  it('leaves the same rollups and domain_daily rows as applyRollup per report followed by compaction', async () => {
    await useTestDatabase();
    const data = await buildDataset(20_000, () => undefined);
    expect(data.records).toBeGreaterThanOrEqual(20_000);
    const pool = getPool();
    const fast = { rollup: (await pool.query(ROLLUP)).rows, daily: (await pool.query(DAILY)).rows };
    expect(fast.rollup.length).toBeGreaterThan(1000);
    expect(fast.daily).toHaveLength(6 * 90);
    const fromRollups = await pool.query<{ messages: string }>('SELECT sum(messages)::text AS messages FROM daily_rollup');
    const fromReports = await pool.query<{ messages: string }>('SELECT sum(message_count)::text AS messages FROM report');
    expect(fromRollups.rows[0].messages).toBe(fromReports.rows[0].messages);

    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('TRUNCATE daily_rollup_compacted, domain_daily');
      const reports = await client.query<{ id: string; domain_id: number; org_name: string; b: number; e: number }>(
        'SELECT id, domain_id, org_name, extract(epoch FROM begin_at)::int AS b, extract(epoch FROM end_at)::int AS e FROM report ORDER BY id',
      );
      for (const r of reports.rows) {
        await applyRollup(client, { reportRowId: BigInt(r.id), domainId: r.domain_id, orgName: r.org_name, begin: r.b, end: r.e }, 1);
      }
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    await compactAll();
    expect((await pool.query(ROLLUP)).rows).toEqual(fast.rollup);
    expect((await pool.query(DAILY)).rows).toEqual(fast.daily);
  });
});
