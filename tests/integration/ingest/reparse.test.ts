import { beforeAll, describe, expect, it } from 'vitest';
import { ingestBuffer } from '../../../lib/ingest/pipeline';
import { reprocessAll } from '../../../lib/ingest/reprocess';
import { useTestDatabase } from '../../helpers/db';
import { D0, DAY, one, ownDomains, rollupMismatches, rows, storedCounts, xmlReport } from './helpers';

// `atlas reprocess --all`: every stored report's XML parsed again. Unchanged reports are
// no-ops, changed ones replace the stored version, re-keyed ones move; totals stay exact.

const report = (id: string, day: number, counts: number[]) =>
  xmlReport({ reportId: id, domain: 'fail.example', begin: D0 + day * DAY, end: D0 + (day + 1) * DAY - 1, records: counts.map((count, i) => ({ count, ip: `192.0.2.${i + 1}` })) });

describe('re-parsing every stored report', () => {
  beforeAll(async () => {
    await useTestDatabase();
    await ownDomains('Reparse', ['fail.example']);
    for (let d = 0; d < 4; d++) await ingestBuffer({ bytes: report(`reparse-${d}`, d, [d + 1, 10]), name: `reparse-${d}.xml`, source: 'cli' });
    await ingestBuffer({ bytes: xmlReport({ reportId: 'reparse-aside', domain: 'aside.example', begin: D0, end: D0 + DAY - 1, records: [{ count: 3 }] }), name: 'aside.xml', source: 'cli' });
  });

  it('changes nothing when the parser has not changed (also through the streaming parser)', async () => {
    const before = await storedCounts();
    expect((await reprocessAll()).map((r) => r.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged', 'unchanged']);
    process.env.ATLAS_STREAM_THRESHOLD_BYTES = '1';
    try {
      expect((await reprocessAll()).every((r) => r.outcome === 'unchanged')).toBe(true);
    } finally {
      delete process.env.ATLAS_STREAM_THRESHOLD_BYTES;
    }
    expect(await storedCounts()).toEqual(before);
  });

  it('replaces reports whose stored content differs from what the parser reads now', async () => {
    // As if an older parser had read reparse-1 differently: other content, other records.
    const r = await one<{ id: string }>("SELECT id FROM report WHERE report_id = 'reparse-1'");
    await rows("UPDATE report SET content_hash = 'from-an-older-parser' WHERE id = $1", [r.id]);
    const results = await reprocessAll();
    expect(results.find((x) => x.reportRowId === BigInt(r.id))?.outcome).toBe('replaced');
    expect(results.filter((x) => x.outcome === 'unchanged')).toHaveLength(4);
    expect(await one('SELECT replacements, record_count FROM report WHERE id = $1', [r.id])).toEqual({ replacements: 1, record_count: 2 });
    expect(await rollupMismatches()).toEqual([]);
  });

  it('moves a report whose key the parser now reads differently, keeping the totals', async () => {
    const before = await storedCounts();
    await rows("UPDATE report SET report_id = 'misread-id' WHERE report_id = 'reparse-2'");
    const results = await reprocessAll();
    expect(results.filter((x) => x.outcome === 'rekeyed')).toHaveLength(1);
    expect(await rows("SELECT report_id FROM report WHERE report_id IN ('misread-id', 'reparse-2')")).toEqual([{ report_id: 'reparse-2' }]);
    const after = await storedCounts();
    expect({ ...after, replacements: before.replacements }).toEqual(before);
    expect(await rollupMismatches()).toEqual([]);
  });
});
