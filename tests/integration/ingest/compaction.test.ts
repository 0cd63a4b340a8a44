import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { compactAll, compactDomain } from '../../../lib/ingest/maintenance/compact-rollups';
import { apportion, daySpans } from '../../../lib/ingest/store/day-spans';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, rows, storeStreamed, xmlReport, type Rec } from './helpers';

// Ingest appends each report's rollup contribution (or, for a large one-day report, notes it
// pending on its records); compaction folds contributions and pending reports into the
// compacted store; readers read the view daily_rollup. Whatever the interleaving of ingests,
// replacements and compactions, the view must hold exactly the rollup a from-scratch
// computation gives (largest-remainder apportionment of multi-day reports included).

const KEY = 'domain_id, day::text AS day, host(source_ip) AS ip, org_name, header_from, disposition, dkim_aligned, spf_aligned, dkim_domain, dkim_result, spf_domain, spf_result, override_reason';
const VIEW = `SELECT ${KEY}, messages::text FROM daily_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13`;

interface StoredRecord {
  domain_id: number;
  org_name: string;
  begin: string;
  end: string;
  report_id: string;
  ip: string;
  header_from: string;
  disposition: string;
  dkim_aligned: boolean;
  spf_aligned: boolean;
  dkim_domain: string;
  dkim_result: string;
  spf_domain: string;
  spf_result: string;
  override_reason: string;
  count: string;
}

/** The rollup as it must be, computed here from the stored records alone. */
async function expectedRollup(): Promise<Array<Record<string, unknown>>> {
  const recs = await rows<StoredRecord>(`
    SELECT r.domain_id, r.org_name, extract(epoch FROM r.begin_at)::bigint::text AS begin, extract(epoch FROM r.end_at)::bigint::text AS end, r.id::text AS report_id,
           host(coalesce(x.source_ip, '0.0.0.0'::inet)) AS ip, x.header_from, x.disposition, x.policy_dkim = 'pass' AS dkim_aligned, x.policy_spf = 'pass' AS spf_aligned,
           coalesce(x.dkim->0->>'domain', '') AS dkim_domain, coalesce(x.dkim->0->>'result', '') AS dkim_result,
           coalesce(x.spf->0->>'domain', '') AS spf_domain, coalesce(x.spf->0->>'result', '') AS spf_result,
           coalesce(x.reasons->0->>'type', '') AS override_reason, x.count::text
      FROM report r JOIN report_record x ON x.report_id = r.id
     WHERE r.domain_id IS NOT NULL AND NOT x.header_from_foreign`);
  // Per report and group: its messages, then spread over the report's days.
  const groups = new Map<string, { rec: StoredRecord; m: bigint }>();
  for (const x of recs) {
    const k = [x.report_id, x.ip, x.header_from, x.disposition, x.dkim_aligned, x.spf_aligned, x.dkim_domain, x.dkim_result, x.spf_domain, x.spf_result, x.override_reason].join('|');
    const g = groups.get(k) ?? { rec: x, m: 0n };
    g.m += BigInt(x.count);
    groups.set(k, g);
  }
  const total = new Map<string, { row: Record<string, unknown>; m: bigint }>();
  for (const { rec: x, m } of groups.values()) {
    const spans = daySpans(Number(x.begin), Number(x.end));
    apportion(m, spans.seconds).forEach((share, i) => {
      if (share === 0n) return;
      const row = {
        domain_id: x.domain_id, day: spans.days[i], ip: x.ip, org_name: x.org_name, header_from: x.header_from, disposition: x.disposition,
        dkim_aligned: x.dkim_aligned, spf_aligned: x.spf_aligned, dkim_domain: x.dkim_domain, dkim_result: x.dkim_result,
        spf_domain: x.spf_domain, spf_result: x.spf_result, override_reason: x.override_reason,
      };
      const k = JSON.stringify(row);
      const t = total.get(k) ?? { row, m: 0n };
      t.m += share;
      total.set(k, t);
    });
  }
  return [...total.values()].map((t) => ({ ...t.row, messages: t.m.toString() }));
}

function sortRows(list: Array<Record<string, unknown>>): string[] {
  return list.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
}

async function expectExact(label: string): Promise<void> {
  expect(sortRows(await rows(VIEW)), label).toEqual(sortRows(await expectedRollup()));
  expect(await rollupMismatches(), label).toEqual([]);
}

/** A small seeded generator: the same "random" reports on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** 1 to 6 records, or more than `fewerThan` of them (a corrected copy must rank above the stored one). */
function randomRecords(next: () => number, domain: string, moreThan = 0): Rec[] {
  const n = moreThan + 1 + Math.floor(next() * 6);
  return Array.from({ length: n }, () => ({
    ip: `192.0.2.${1 + Math.floor(next() * 4)}`,
    count: 1 + Math.floor(next() * 9),
    disposition: next() < 0.2 ? 'quarantine' : 'none',
    dkim: next() < 0.7 ? 'pass' : 'fail',
    spf: next() < 0.6 ? 'pass' : 'fail',
    headerFrom: next() < 0.15 ? `news.${domain}` : next() < 0.05 ? 'forged.test' : domain,
    dkimDomain: domain,
    dkimResult: next() < 0.8 ? 'pass' : 'fail',
  }));
}

async function isPending(reportId: string): Promise<boolean> {
  return (await rows('SELECT 1 FROM rollup_pending p JOIN report r ON r.id = p.report_id WHERE r.report_id = $1', [reportId])).length > 0;
}

/** Ingests a report whole, or streamed as a large one (a one-day report is then stored pending); returns its outcome. */
async function store(xml: Buffer, name: string, streamed: boolean): Promise<string> {
  if (streamed) return (await storeStreamed(xml)).outcome;
  return (await ingestBuffer({ bytes: xml, name, source: 'cli' })).reports[0].outcome;
}

describe('rollup contributions, compaction and the daily_rollup view', () => {
  let ids: Map<string, number>;
  beforeAll(async () => {
    await useTestDatabase();
    ids = await ownDomains('Compaction Org', ['compact.example', 'second.example']);
  });

  it('holds exact figures through ingests, replacements and compactions in any order', async () => {
    const next = rng(20);
    const domains = ['compact.example', 'second.example'];
    const sent: Array<{ reportId: string; domain: string; begin: number; end: number; org: string; records: number }> = [];
    let pendingSeen = 0;
    let replacedPending = 0;
    for (let step = 0; step < 40; step++) {
      const roll = next();
      if (roll < 0.15) {
        await compactDomain(ids.get(domains[Math.floor(next() * 2)])!);
      } else if (roll < 0.35 && sent.length > 0) {
        // A corrected copy of an earlier report: its old contribution goes, the new one comes.
        // It has more records, so the replacement rule (choose-kept-report.ts) keeps it.
        const old = sent[Math.floor(next() * sent.length)];
        const records = randomRecords(next, old.domain, old.records);
        if (await isPending(old.reportId)) replacedPending++;
        expect(await store(xmlReport({ ...old, records }), `fix-${step}.xml`, next() < 0.4), `step ${step}`).toBe('replaced');
        old.records = records.length;
      } else {
        const domain = domains[Math.floor(next() * 2)];
        const begin = D0 + Math.floor(next() * 4) * DAY + (next() < 0.3 ? 3_600 * 7 : 0);
        const end = begin + (next() < 0.4 ? 3 * DAY - 1 : DAY);
        const spec = { reportId: `rep-${step}`, domain, begin, end, org: next() < 0.5 ? 'google.com' : 'yahoo.com' };
        const records = randomRecords(next, domain);
        expect(await store(xmlReport({ ...spec, records }), `r-${step}.xml`, next() < 0.4), `step ${step}`).toBe('ingested');
        sent.push({ ...spec, records: records.length });
      }
      await expectExact(`after step ${step}`);
      pendingSeen = Math.max(pendingSeen, (await one<{ n: number }>('SELECT count(*)::int AS n FROM rollup_pending')).n);
    }
    // The interleaving did cover pending reports, and replacements of them.
    expect(pendingSeen).toBeGreaterThan(1);
    expect(replacedPending).toBeGreaterThan(0);
    const before = await rows(VIEW);
    const done = await compactAll();
    expect(done.rows).toBeGreaterThan(0);
    expect(await rows(VIEW)).toEqual(before);
    expect(await one('SELECT count(*)::int AS n FROM rollup_contrib')).toEqual({ n: 0 });
    expect(await one('SELECT count(*)::int AS n FROM rollup_pending')).toEqual({ n: 0 });
    expect(await one('SELECT count(*)::int AS n FROM daily_rollup_compacted WHERE messages <= 0')).toEqual({ n: 0 });
    await expectExact('after the final compaction');
  });

  it('takes a compacted report back exactly when it is replaced, leaving no empty rows', async () => {
    const spec = { reportId: 'gone-later', domain: 'second.example', begin: D0 + 20 * DAY, end: D0 + 23 * DAY - 1 };
    await ingestBuffer({ bytes: xmlReport({ ...spec, records: [{ ip: '198.51.100.77', count: 7 }] }), name: 'a.xml', source: 'cli' });
    await compactAll();
    // Two records for one: the replacement rule keeps the copy with more records.
    const o = await ingestBuffer({
      bytes: xmlReport({ ...spec, records: [{ ip: '198.51.100.78', count: 1 }, { ip: '198.51.100.78', count: 1 }] }), name: 'b.xml', source: 'cli',
    });
    expect(o.reports[0].outcome).toBe('replaced');
    expect(await rows("SELECT host(source_ip) AS ip FROM daily_rollup WHERE source_ip = '198.51.100.77'")).toEqual([]);
    await compactAll();
    expect(await rows("SELECT count(*)::int AS n FROM daily_rollup_compacted WHERE source_ip = '198.51.100.77'")).toEqual([{ n: 0 }]);
    expect(await rows("SELECT day::text, messages::text FROM daily_rollup WHERE source_ip = '198.51.100.78' ORDER BY day")).toEqual([
      { day: '2025-03-21', messages: '1' },
      { day: '2025-03-22', messages: '1' },
    ]);
    await expectExact('after the replacement');
  });

  it('accepts rows written into the view as the old table did (added to the row of the same key)', async () => {
    const d = ids.get('compact.example')!;
    const insert = `INSERT INTO daily_rollup (domain_id, day, source_ip, org_name, header_from, disposition, dkim_aligned, spf_aligned,
      dkim_domain, dkim_result, spf_domain, spf_result, override_reason, messages)
      VALUES ($1, '2024-01-01', '203.0.113.1', 'fixture', 'compact.example', 'none', true, true, '', '', '', '', '', 5)`;
    await rows(insert, [d]);
    await rows(insert, [d]);
    expect(await rows("SELECT messages::int FROM daily_rollup WHERE org_name = 'fixture'")).toEqual([{ messages: 10 }]);
  });

  it('deletes both stores of a domain with the domain', async () => {
    const d = ids.get('second.example')!;
    await ingestBuffer({ bytes: xmlReport({ reportId: 'pending', domain: 'second.example', begin: D0, end: D0 + DAY, records: [{ count: 3 }] }), name: 'p.xml', source: 'cli' });
    expect(Number((await one<{ n: string }>('SELECT count(*) AS n FROM rollup_contrib WHERE domain_id = $1', [d])).n)).toBeGreaterThan(0);
    await rows('DELETE FROM domain WHERE id = $1', [d]);
    expect(await one('SELECT (SELECT count(*) FROM rollup_contrib WHERE domain_id = $1)::int + (SELECT count(*) FROM daily_rollup_compacted WHERE domain_id = $1)::int AS n', [d])).toEqual({ n: 0 });
  });
});
