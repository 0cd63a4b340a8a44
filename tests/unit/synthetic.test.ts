import { describe, expect, it } from 'vitest';
import { parseReportFast } from '@/lib/ingest/parse/parse';
import { parseReportStreaming } from '@/lib/ingest/parse/parse-stream';
import { summarise } from '@/lib/ingest/parse/summary';
import { syntheticReportChunks, syntheticReportXml } from '@/lib/demo/synthetic';

/** The generator behind the benchmark and the demo data: deterministic and realistic. */
describe('syntheticReportXml', () => {
  it('is deterministic from its seed', () => {
    const a = syntheticReportXml({ records: 500, seed: 7 });
    expect(syntheticReportXml({ records: 500, seed: 7 }).equals(a)).toBe(true);
    expect(syntheticReportXml({ records: 500, seed: 8 }).equals(a)).toBe(false);
    expect(Buffer.from([...syntheticReportChunks({ records: 500, seed: 7 }, 1000)].join('')).equals(a)).toBe(true);
  });

  it('produces a varied sending ecosystem that both parsers read identically', async () => {
    const xml = syntheticReportXml({ records: 2000, seed: 11, ipv6Share: 0.2, policy: 'quarantine' });
    const report = parseReportFast(xml);
    expect(await parseReportStreaming(xml)).toEqual(report);
    expect(report.warnings).toEqual([]);
    const f = summarise(report);
    expect(f.records).toBe(2000);
    expect(Number(f.dmarc_pass)).toBeGreaterThan(0);
    expect(Number(f.dmarc_pass)).toBeLessThan(Number(f.messages));
    expect(f.source_ips).toBeGreaterThan(500);
    const r = report.records;
    expect(r.some((x) => x.source_ip.includes(':'))).toBe(true);
    expect(new Set(r.map((x) => x.disposition))).toEqual(new Set(['none', 'quarantine']));
    expect(new Set(r.flatMap((x) => x.spf.map((s) => s.result)))).toEqual(new Set(['pass', 'fail', 'softfail', 'neutral', 'none']));
    expect(new Set(r.flatMap((x) => x.reasons.map((s) => s.type)))).toEqual(new Set(['forwarded', 'mailing_list']));
    expect(r.some((x) => x.dkim.length === 0)).toBe(true);
    expect(new Set(r.map((x) => x.header_from)).size).toBeGreaterThan(2);
  });

  it('can produce DMARCbis reports', async () => {
    const report = parseReportFast(syntheticReportXml({ records: 10, dmarcbis: true, policy: 'reject' }));
    expect(report.namespace).toBe('urn:ietf:params:xml:ns:dmarc-2.0');
    expect(report.policy_published).toMatchObject({ p: 'reject', np: 'reject', testing: 'n', discovery_method: 'treewalk', pct: null });
    expect(report.metadata.generator).toMatch(/synthetic/);
  });
});
