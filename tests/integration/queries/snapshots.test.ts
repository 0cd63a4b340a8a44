import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../../lib/demo';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { compactAll } from '../../../lib/ingest/maintenance/compact-rollups';
import { attachSetAsideReports } from '../../../lib/ingest/store/attach-domain';
import { removeReport } from '../../../lib/ingest/store/remove-report';
import { withTransaction } from '../../../lib/ingest/store/transaction';
import { dayWindow } from '../../../lib/platform/dates';
import {
  listDomainCountries,
  listReporterVolumes,
  listSourceAddresses,
  listSourceAuthResults,
  listSourceDays,
  listSourceReporters,
  listSources,
  listSourcesByDomain,
  liveReads,
  pruneSnapshots,
  refreshSnapshots,
} from '../../../lib/queries';
import { buildSenderMap, buildSenderMaps } from '../../../lib/sources';
import { useTestDatabase } from '../../helpers/db';
import { DAY, one, ownDomains, rows, xmlReport } from '../ingest/helpers';
import { expectSnapshotsEqualLive, readsOf } from './snapshot-reads';

// The snapshot-backed reads (lib/queries/snapshots) return exactly what the live SQL returns,
// at every moment: right after any change of a domain's figures or of the address enrichment
// they compute again, and compaction (which changes no figure) keeps them valid.

const window = dayWindow();
const today = Math.floor(Date.now() / 1000 / DAY) * DAY;

async function snapshotTimes(domainId: number): Promise<string[]> {
  const r = await rows<{ t: string }>("SELECT query || args || computed_at::text AS t FROM query_snapshot WHERE domain_id = $1 ORDER BY 1", [domainId]);
  return r.map((x) => x.t);
}

async function version(domainId: number): Promise<string> {
  return (await one<{ v: string }>('SELECT coalesce(sum(n), 0)::text AS v FROM snapshot_change WHERE domain_id = $1', [domainId])).v;
}

const report = (reportId: string, domain: string, begin: number, records: Parameters<typeof xmlReport>[0]['records'], org = 'google.com') =>
  ingestBuffer({ bytes: xmlReport({ reportId, domain, begin, end: begin + DAY - 1, records, org }), name: `${reportId}.xml`, source: 'cli' });

let demoDomain: number;
let demoSource: string;
let mine: number;

beforeAll(async () => {
  await useTestDatabase();
  await seedDemo();
  const largest = await one<{ domain_id: number }>('SELECT domain_id FROM domain_daily GROUP BY domain_id ORDER BY sum(messages) DESC LIMIT 1');
  demoDomain = largest.domain_id;
  const map = await listSources({ domainIds: [demoDomain] }, demoDomain, window);
  demoSource = map[0].key;
  mine = (await ownDomains('Snap Org', ['snap.example'])).get('snap.example') ?? 0;
  await report('snap-1', 'snap.example', today - 2 * DAY, [
    { ip: '192.0.2.10', count: 40 },
    { ip: '192.0.2.11', count: 3, dkim: 'fail', spf: 'fail', disposition: 'quarantine' },
    { ip: '198.51.100.7', count: 9, dkim: 'fail', spf: 'pass' },
  ]);
}, 600_000);

describe('snapshot-backed reads', () => {
  it('return what the live SQL returns on the demo data, over 7, 30 and 90 days', async () => {
    for (const days of [7, 30, 90]) await expectSnapshotsEqualLive(readsOf(demoDomain, demoSource, dayWindow({ days })));
    expect((await snapshotTimes(demoDomain)).length).toBeGreaterThan(10);
  }, 600_000);

  it('are read from the snapshot while nothing changed', async () => {
    const before = await snapshotTimes(demoDomain);
    for (const read of Object.values(readsOf(demoDomain, demoSource, window))) await read();
    expect(await snapshotTimes(demoDomain)).toEqual(before);
  });

  it('give nothing to a scope without the domain, even with a snapshot stored', async () => {
    const other = { domainIds: [mine] };
    await listSources({ domainIds: [demoDomain] }, demoDomain, window);
    expect(await listSources(other, demoDomain, window)).toEqual([]);
    expect(await listSourceDays(other, demoDomain, window)).toEqual([]);
    expect(await listDomainCountries(other, demoDomain, window)).toEqual([]);
    expect(await listSourceAddresses(other, demoDomain, demoSource, window)).toEqual([]);
    expect(await listSourceAuthResults(other, demoDomain, demoSource, window)).toEqual([]);
    expect(await listSourceReporters(other, demoDomain, demoSource, window)).toEqual([]);
    expect(await listReporterVolumes(other, window, { domainIds: [demoDomain] })).toEqual([]);
  });

  it('follow an ingest of a new report', async () => {
    const reads = readsOf(mine, 'asn:0', window);
    const before = await reads.sources();
    const v = await version(mine);
    await report('snap-2', 'snap.example', today - DAY, [{ ip: '192.0.2.10', count: 60 }, { ip: '203.0.113.5', count: 4, dkim: 'fail', spf: 'fail' }], 'yahoo.com');
    expect(await version(mine)).not.toBe(v);
    const after = await reads.sources();
    expect(after).not.toEqual(before);
    await expectSnapshotsEqualLive(readsOf(mine, (after as { key: string }[])[0].key, window));
  });

  it('follow a replacement (a larger copy of the same report)', async () => {
    await readsOf(mine, 'x', window).sources();
    const v = await version(mine);
    const outcome = await report('snap-2', 'snap.example', today - DAY, [
      { ip: '192.0.2.10', count: 60 }, { ip: '203.0.113.5', count: 4, dkim: 'fail', spf: 'fail' }, { ip: '203.0.113.6', count: 1 },
    ], 'yahoo.com');
    expect(outcome.reports[0].outcome).toBe('replaced');
    expect(await version(mine)).not.toBe(v);
    const sources = await listSources({ domainIds: [mine] }, mine, window);
    await expectSnapshotsEqualLive(readsOf(mine, sources[0].key, window));
  });

  it('follow the removal of a report', async () => {
    const before = await listSources({ domainIds: [mine] }, mine, window);
    const id = await one<{ id: string }>("SELECT id::text FROM report WHERE report_id = 'snap-1'");
    await withTransaction((client) => removeReport(client, BigInt(id.id)));
    const after = await listSources({ domainIds: [mine] }, mine, window);
    expect(after).not.toEqual(before);
    await expectSnapshotsEqualLive(readsOf(mine, after[0].key, window));
  });

  it('follow set-aside reports attached to a domain added later', async () => {
    await report('later-1', 'later.example', today - DAY, [{ ip: '192.0.2.99', count: 12 }]);
    const later = (await ownDomains('Snap Org', ['later.example'])).get('later.example') ?? 0;
    expect(await listSources({ domainIds: [later] }, later, window)).toEqual([]);
    expect(await attachSetAsideReports(later)).toBe(1);
    const sources = await listSources({ domainIds: [later] }, later, window);
    expect(sources.map((s) => s.messages)).toEqual([12]);
    await expectSnapshotsEqualLive(readsOf(later, sources[0].key, window));
  });

  it('follow an enrichment change that regroups addresses, and ignore one that changes nothing they read', async () => {
    const before = await listSources({ domainIds: [mine] }, mine, window);
    const times = await snapshotTimes(mine);
    await rows("UPDATE ip_enrichment SET next_resolve_at = now() + interval '1 hour'");
    await listSources({ domainIds: [mine] }, mine, window);
    expect(await snapshotTimes(mine)).toEqual(times);

    await rows(`INSERT INTO ip_enrichment (ip, asn, as_name, country, offline_version) VALUES ('192.0.2.10', 64500, 'Example Net', 'DE', 'test')
                ON CONFLICT (ip) DO UPDATE SET asn = 64500, as_name = 'Example Net', country = 'DE'`);
    const after = await listSources({ domainIds: [mine] }, mine, window);
    expect(after).not.toEqual(before);
    expect(after.some((s) => s.key === 'asn:64500')).toBe(true);
    await expectSnapshotsEqualLive(readsOf(mine, 'asn:64500', window));
  });

  it('stay valid through compaction, which changes no figure', async () => {
    await report('snap-3', 'snap.example', today - 3 * DAY, [{ ip: '192.0.2.10', count: 5 }]);
    for (const read of Object.values(readsOf(mine, 'asn:64500', window))) await read();
    const pending = await one<{ n: string }>('SELECT count(*)::text AS n FROM rollup_contrib WHERE domain_id = $1', [mine]);
    expect(Number(pending.n)).toBeGreaterThan(0);
    const v = await version(mine);
    const times = await snapshotTimes(mine);
    await compactAll();
    expect((await one<{ n: string }>('SELECT count(*)::text AS n FROM rollup_contrib WHERE domain_id = $1', [mine])).n).toBe('0');
    expect(await version(mine)).toBe(v);
    for (const read of Object.values(readsOf(mine, 'asn:64500', window))) await read();
    expect(await snapshotTimes(mine)).toEqual(times);
    await expectSnapshotsEqualLive(readsOf(mine, 'asn:64500', window));
  });
});

describe('the snapshot job', () => {
  it('computes the default windows of domains with new data, then finds nothing stale', async () => {
    await rows('DELETE FROM query_snapshot');
    const done = await refreshSnapshots();
    expect(done.domains).toBeGreaterThanOrEqual(3);
    const stored = await rows<{ query: string; days: number }>(
      "SELECT DISTINCT query, (window_to - window_from) AS days FROM query_snapshot WHERE domain_id = $1 AND args NOT LIKE '%sourceKey\":\"%'",
      [demoDomain],
    );
    for (const days of [7, 30, 90]) {
      for (const query of ['sources.v1', 'source-days.v1', 'domain-countries.v1', 'reporter-volumes.v1']) expect(stored).toContainEqual({ query, days });
    }
    const perSource = await one<{ n: number }>("SELECT count(DISTINCT args)::int AS n FROM query_snapshot WHERE domain_id = $1 AND query = 'source-reporters.v1'", [demoDomain]);
    const sources = await listSources({ domainIds: [demoDomain] }, demoDomain, window);
    expect(perSource.n).toBe(Math.min(20, sources.length));
    expect((await refreshSnapshots()).domains).toBe(0);
  }, 600_000);

  it('stores per-source reads, computed for many sources at once, exactly as each source alone', async () => {
    const sources = await listSources({ domainIds: [demoDomain] }, demoDomain, window);
    const times = await snapshotTimes(demoDomain);
    for (const source of sources.slice(0, 20)) {
      const reads = readsOf(demoDomain, source.key, window);
      for (const name of ['addresses', 'addressesFirst2', 'sourceDays', 'authResults', 'sourceReporters'] as const) {
        expect({ name, value: await reads[name]() }).toStrictEqual({ name, value: await liveReads(reads[name]) });
      }
    }
    // All of them came from the refresh's snapshots.
    expect(await snapshotTimes(demoDomain)).toEqual(times);
  }, 600_000);

  it('drops snapshots a change made stale and keeps the versions', async () => {
    await listSources({ domainIds: [mine] }, mine, window);
    const v = await version(mine);
    await report('snap-4', 'snap.example', today - DAY, [{ ip: '192.0.2.12', count: 2 }]);
    const stale = await one<{ n: number }>('SELECT count(*)::int AS n FROM query_snapshot WHERE domain_id = $1', [mine]);
    expect(stale.n).toBeGreaterThan(0);
    const moved = await version(mine);
    expect(moved).not.toBe(v);
    await pruneSnapshots();
    expect(await version(mine)).toBe(moved);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM query_snapshot WHERE domain_id = $1', [mine])).n).toBe(0);
    expect((await one<{ n: number }>('SELECT count(*)::int AS n FROM snapshot_change WHERE domain_id = $1', [mine])).n).toBe(1);
    await expectSnapshotsEqualLive(readsOf(mine, 'asn:64500', window));
  });
});

describe("the overview's reads for several domains at once", () => {
  it('give each domain exactly what its own read gives, whether its snapshot is current, stale or missing', async () => {
    const both = { domainIds: [demoDomain, mine] };
    await listSources(both, demoDomain, window); // current
    await report('snap-5', 'snap.example', today - DAY, [{ ip: '192.0.2.13', count: 5 }]); // makes mine's stale
    await rows("DELETE FROM query_snapshot WHERE domain_id = $1 AND query = 'sources.v1'", [mine]);
    const many = await listSourcesByDomain(both, [demoDomain, mine], window);
    expect([...many.keys()].sort()).toEqual([demoDomain, mine].sort());
    for (const id of [demoDomain, mine]) expect(many.get(id)).toStrictEqual(await liveReads(() => listSources(both, id, window)));
  });

  it('leave out a domain outside the scope', async () => {
    const many = await listSourcesByDomain({ domainIds: [mine] }, [demoDomain, mine], window);
    expect([...many.keys()]).toEqual([mine]);
  });

  it('build every sender map as it is built alone, advice and verdicts included', async () => {
    const domains = await rows<{ id: number; name: string }>('SELECT id, name FROM domain WHERE id = ANY($1) ORDER BY id', [[demoDomain, mine]]);
    const scope = { domainIds: domains.map((d) => d.id) };
    const together = await buildSenderMaps(scope, domains, window);
    expect(together.map((m) => m.domain)).toEqual(domains);
    for (const [i, domain] of domains.entries()) expect(together[i]).toStrictEqual(await buildSenderMap(scope, domain, window));
  });
});
