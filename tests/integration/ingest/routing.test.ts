import { beforeAll, describe, expect, it } from 'vitest';
import { attachSetAsideReports } from '../../../lib/ingest/store/attach-domain';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { getPool } from '../../../lib/platform/db/pool';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, rows, xmlReport } from './helpers';

// Reports for domains nobody owns are set aside (no domain, no rollups) and attached, with
// their rollups, when an organisation adds the domain.

/** Other sessions of this database waiting as described (pg_stat_activity). */
async function waiting(condition: string): Promise<number> {
  return (await one<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND ${condition}`)).n;
}

describe('domain routing and set-aside reports', () => {
  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Owner Ltd', ['owned.example']);
  });

  it('routes a report to the domain that owns its policy domain, whatever its case or trailing dot', async () => {
    const o = await ingestBuffer({
      bytes: xmlReport({ reportId: 'route-1', domain: 'Owned.EXAMPLE.', begin: D0, end: D0 + DAY - 1, records: [{ count: 2 }] }),
      name: 'route-1.xml',
      source: 'cli',
    });
    expect(o.reports[0]).toMatchObject({ outcome: 'ingested', domain: 'owned.example' });
    expect(await one("SELECT policy_domain, domain_id IS NOT NULL AS routed FROM report WHERE report_id = 'route-1'")).toEqual({
      policy_domain: 'owned.example',
      routed: true,
    });
  });

  it('sets aside reports for a domain nobody owns, without rollups', async () => {
    for (const [i, day] of [0, 1, 2].entries()) {
      const o = await ingestBuffer({
        bytes: xmlReport({ reportId: `stray-${i}`, domain: i === 2 ? 'Stray.Example' : 'stray.example', begin: D0 + day * DAY, end: D0 + (day + 1) * DAY - 1, records: [{ count: 10 + i }, { count: 1, ip: '203.0.113.50', dkim: 'fail', spf: 'fail' }] }),
        name: `stray-${i}.xml`,
        source: 'imap',
      });
      expect(o.status).toBe('set_aside');
      expect(o.reports[0]).toMatchObject({ outcome: 'set_aside', domain: 'stray.example' });
    }
    expect(await one("SELECT count(*)::int AS n FROM report WHERE domain_id IS NULL AND policy_domain = 'stray.example'")).toEqual({ n: 3 });
    expect(await one('SELECT coalesce(sum(messages), 0)::int AS m FROM daily_rollup')).toEqual({ m: 2 });
  });

  it('attaches them and builds their rollups when the domain is added', async () => {
    const ids = await ownDomains('Latecomer GmbH', ['stray.example']);
    const attached = await attachSetAsideReports(ids.get('stray.example') as number);
    expect(attached).toBe(3);
    expect(await one("SELECT count(*)::int AS n FROM report WHERE domain_id IS NULL")).toEqual({ n: 0 });
    expect(await rows('SELECT day::text, messages::int, dmarc_pass::int, reports FROM domain_daily WHERE domain_id = $1 ORDER BY day', [ids.get('stray.example')])).toEqual([
      { day: '2025-03-01', messages: 11, dmarc_pass: 10, reports: 1 },
      { day: '2025-03-02', messages: 12, dmarc_pass: 11, reports: 1 },
      { day: '2025-03-03', messages: 13, dmarc_pass: 12, reports: 1 },
    ]);
    expect(await rollupMismatches()).toEqual([]);
    expect(await attachSetAsideReports(ids.get('stray.example') as number)).toBe(0);
  });

  it('routes later reports for that domain directly', async () => {
    const o = await ingestBuffer({
      bytes: xmlReport({ reportId: 'stray-later', domain: 'stray.example', begin: D0 + 9 * DAY, end: D0 + 10 * DAY - 1, records: [{ count: 4 }] }),
      name: 'later.xml',
      source: 'cli',
    });
    expect(o.reports[0].outcome).toBe('ingested');
    expect(await rollupMismatches()).toEqual([]);
  });

  it('never loses a report that arrives while its domain is being added', async () => {
    // The race, made to happen every run: the ingest has routed the report (nobody owns
    // racing.example yet) and not committed, when the domain is added and its set-aside reports
    // attached. The barrier is an uncommitted row with the same dedupe key in another
    // transaction: the ingest's INSERT waits on it after the routing lookup, still holding the
    // domain's shared lock.
    const barrier = await getPool().connect();
    try {
      await barrier.query('BEGIN');
      const blob = await barrier.query<{ id: string }>("INSERT INTO raw_blob (sha256, size, compressed_size, bytes) VALUES ('race-barrier', 0, 0, '') RETURNING id");
      await barrier.query(
        `INSERT INTO report (org_name, report_id, begin_at, end_at, policy_domain, record_count, message_count, dmarc_pass, dkim_aligned_pass, spf_aligned_pass, source_ip_count, content_hash, xml_blob_id)
         VALUES ('reporter.example', 'racing', to_timestamp($1), to_timestamp($2), 'racing.example', 0, 0, 0, 0, 0, 0, 'barrier', $3)`,
        [D0, D0 + DAY - 1, blob.rows[0]!.id],
      );
      const ingest = ingestBuffer({ bytes: xmlReport({ reportId: 'racing', domain: 'racing.example', begin: D0, end: D0 + DAY - 1, records: [{ count: 7 }] }), name: 'racing.xml', source: 'imap' });
      await expect.poll(() => waiting("wait_event = 'transactionid'"), { timeout: 20_000 }).toBe(1);

      const ids = await ownDomains('Racer', ['racing.example']);
      const attaching = attachSetAsideReports(ids.get('racing.example') as number);
      await expect.poll(() => waiting("wait_event = 'advisory'"), { timeout: 20_000 }).toBe(1);
      await barrier.query('ROLLBACK');

      const [outcome, attached] = await Promise.all([ingest, attaching]);
      expect(outcome.reports[0]).toMatchObject({ outcome: 'set_aside', domain: 'racing.example' });
      expect(attached).toBe(1);
      expect(await one("SELECT count(*)::int AS n FROM report WHERE policy_domain = 'racing.example' AND domain_id IS NULL")).toEqual({ n: 0 });
      expect(await one('SELECT sum(messages)::int AS m FROM domain_daily WHERE domain_id = $1', [ids.get('racing.example')])).toEqual({ m: 7 });
      expect(await rollupMismatches()).toEqual([]);
    } finally {
      barrier.release();
    }
  });

  it('drops a domain’s rollups with the domain and keeps its reports, set aside again', async () => {
    const d = await one<{ id: number }>("SELECT id FROM domain WHERE name = 'stray.example'");
    await rows('DELETE FROM domain WHERE id = $1', [d.id]);
    expect(await one('SELECT count(*)::int AS n FROM daily_rollup WHERE domain_id = $1', [d.id])).toEqual({ n: 0 });
    expect(await one("SELECT count(*)::int AS n FROM report WHERE policy_domain = 'stray.example' AND domain_id IS NULL")).toEqual({ n: 4 });
  });
});
