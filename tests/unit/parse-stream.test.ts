import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzipChunks } from '@/lib/ingest/containers/gzip';
import { newBudget } from '@/lib/ingest/containers/inflate-guard';
import { DEFAULT_LIMITS } from '@/lib/ingest/limits';
import { parseReportFast } from '@/lib/ingest/parse/parse';
import { collectsRecords, parseReport, reportEvents, summariseReport } from '@/lib/ingest/parse/parse-report';
import { parseReportStreaming, streamReport, type ReportStreamEvent } from '@/lib/ingest/parse/parse-stream';
import { summarise } from '@/lib/ingest/parse/summary';
import { syntheticReportChunks, syntheticReportXml } from '@/lib/demo/synthetic';

/**
 * The streaming parser: header first, then records in batches as they are read, then the
 * figures — without building the document, so memory stays flat in the number of records.
 */

async function collect(events: AsyncIterable<ReportStreamEvent>): Promise<ReportStreamEvent[]> {
  const out: ReportStreamEvent[] = [];
  for await (const ev of events) out.push(ev);
  return out;
}

describe('streamReport', () => {
  it('emits the header, then batches of records in order, then the figures', async () => {
    const xml = syntheticReportXml({ records: 25, seed: 3 });
    const events = await collect(streamReport(xml, { batchSize: 10 }));
    expect(events.map((e) => (e.type === 'records' ? `records:${e.records.length}` : e.type))).toEqual([
      'header', 'records:10', 'records:10', 'records:5', 'end',
    ]);
    const fast = parseReportFast(xml);
    const streamed = events.flatMap((e) => (e.type === 'records' ? e.records : []));
    expect(streamed).toEqual(fast.records);
    const end = events.at(-1);
    expect(end?.type === 'end' && end.figures).toEqual(summarise(fast));
  });

  it('reads from a byte stream in arbitrary chunks (a gunzip stream, 7-byte slices)', async () => {
    const xml = syntheticReportXml({ records: 200, seed: 4, ipv6Share: 0.5 });
    const slices = Readable.from((function* () {
      for (let i = 0; i < xml.length; i += 7) yield xml.subarray(i, i + 7);
    })());
    const gunzipped = Readable.from([zlib.gzipSync(xml)]).pipe(zlib.createGunzip());
    const expected = parseReportFast(xml);
    expect(await parseReportStreaming(slices)).toEqual(expected);
    expect(await parseReportStreaming(gunzipped)).toEqual(expected);
    const limited = gunzipChunks(zlib.gzipSync(xml), { limits: DEFAULT_LIMITS, budget: newBudget(), label: 'r.xml.gz' });
    expect(await parseReportStreaming(limited)).toEqual(expected);
  });

  it('reads a chunk larger than the parser’s 64 KB pieces like the whole document, a character split where two pieces meet', async () => {
    const plain = syntheticReportXml({ records: 400, seed: 5 });
    // A comment placed so that the 3 bytes of "€" straddle byte 65,536, where the first piece ends.
    const at = plain.indexOf('>', 65_000) + 1;
    const comment = `<!-- ${'x'.repeat(65_535 - at - 5)}€ -->`;
    const xml = Buffer.concat([plain.subarray(0, at), Buffer.from(comment), plain.subarray(at)]);
    expect(xml.subarray(65_535, 65_538).toString()).toBe('€');
    expect(xml.length).toBeGreaterThan(3 * 65_536);
    const expected = parseReportFast(xml);
    expect(expected.records).toHaveLength(400);
    expect(await parseReportStreaming(Readable.from([xml]))).toEqual(expected);
    expect(await parseReportStreaming(xml)).toEqual(expected);
  });

  it('splits multi-byte characters across chunks correctly (UTF-8 and UTF-16)', async () => {
    const xml = Buffer.from(syntheticReportXml({ records: 3 }).toString().replace('google.com</org_name>', 'Ünïcødé € 日本</org_name>'));
    const oneByte = Readable.from((function* () {
      for (let i = 0; i < xml.length; i++) yield xml.subarray(i, i + 1);
    })());
    expect((await parseReportStreaming(oneByte)).metadata.org_name).toBe('Ünïcødé € 日本');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.toString().replace('UTF-8', 'UTF-16'), 'utf16le')]);
    const odd = Readable.from((function* () {
      for (let i = 0; i < utf16.length; i += 3) yield utf16.subarray(i, i + 3);
    })());
    expect((await parseReportStreaming(odd)).metadata.org_name).toBe('Ünïcødé € 日本');
  });

  it('keeps memory flat in the number of records', async () => {
    const records = 150_000; // ~100 MB of XML, never held in memory at once
    globalThis.gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    let count = 0;
    const source = Readable.from(syntheticReportChunks({ records, seed: 9 }));
    for await (const ev of streamReport(source)) {
      if (ev.type === 'records') {
        count += ev.records.length;
        peak = Math.max(peak, process.memoryUsage().rss);
      }
    }
    expect(count).toBe(records);
    expect(peak - before).toBeLessThan(200 * 1024 * 1024);
  }, 120_000);
});

describe('one choice of parser for every caller (parse-report.ts)', () => {
  it('collects the records up to the stream threshold and streams them above it, with the same report either way', async () => {
    const xml = syntheticReportXml({ records: 300, seed: 5 });
    const small = { ...DEFAULT_LIMITS, streamThresholdBytes: xml.length };
    const large = { ...DEFAULT_LIMITS, streamThresholdBytes: 1024 };
    expect(collectsRecords(xml.length, small)).toBe(true);
    expect(collectsRecords(xml.length, large)).toBe(false);
    const whole = await parseReport(xml, small);
    const streamed = [];
    for await (const ev of reportEvents(xml, large)) if (ev.type === 'records') streamed.push(...ev.records);
    expect(streamed).toEqual(whole.records);
    expect((await summariseReport(xml, large)).figures).toEqual(summarise(whole));
  });

  it('reads exactly what fast-xml-parser (the independent second reading) reads', async () => {
    const xml = syntheticReportXml({ records: 300, seed: 6, ipv6Share: 0.3 });
    expect(await parseReport(xml)).toEqual(parseReportFast(xml));
  });
});
