import zlib from 'node:zlib';
import MailComposer from 'nodemailer/lib/mail-composer';
import { beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '@/lib/ingest/errors';
import { DEFAULT_LIMITS, type Limits } from '@/lib/ingest/limits';
import { isParseError, parseFile, type ParseFileResult } from '@/lib/ingest/parse-file';
import { isFailure, unwrap, type UnwrapFailure, type UnwrapItem } from '@/lib/ingest/containers/unwrap';
import { parseReportFast } from '@/lib/ingest/parse/parse';
import { parseReportStreaming } from '@/lib/ingest/parse/parse-stream';
import { summarise } from '@/lib/ingest/parse/summary';
import { reportXml } from './fixtures/reports';
import { asGzip, deflatedFill, deflatedZeros, makeZip } from './fixtures/zip-writer';

/**
 * Hostile and broken input: every case gets its own clear error (a stable code, and for
 * limits the environment variable to raise) or is handled correctly, with bounded memory.
 * All inputs are generated here; no hostile binary is committed.
 */

const MiB = 1024 * 1024;
const limits = (over: Partial<Limits> = {}): Limits => ({ ...DEFAULT_LIMITS, ...over });

function failures(items: UnwrapItem[]): UnwrapFailure[] {
  return items.filter(isFailure);
}

/** Peak RSS growth while `fn` runs (sampled between the awaits of the inflaters). */
async function peakRssGrowth<T>(fn: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 1);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

/** Both parse paths must refuse `xml` with the same code. */
async function bothRefuse(xml: string | Buffer, over: Partial<Limits> = {}): Promise<IngestError> {
  const data = typeof xml === 'string' ? Buffer.from(xml) : xml;
  const maxRecords = limits(over).maxRecordsPerReport;
  let fastError: unknown;
  try {
    parseReportFast(data, { maxRecords });
  } catch (err) {
    fastError = err;
  }
  const streamError = await parseReportStreaming(data, { maxRecords }).then(() => undefined, (err: unknown) => err);
  expect(fastError).toBeInstanceOf(IngestError);
  expect(streamError).toBeInstanceOf(IngestError);
  expect((streamError as IngestError).code).toBe((fastError as IngestError).code);
  return fastError as IngestError;
}

describe('compression bombs', () => {
  const bombBytes = 1024 * MiB;
  let bomb: Buffer;
  let zerosGzip: Buffer;
  /** The shape seen in the wild: a valid report's first lines, then a gigabyte of spaces. */
  let gzipBomb: Buffer;
  beforeAll(async () => {
    bomb = await deflatedZeros(bombBytes);
    zerosGzip = await deflatedZeros(bombBytes, true);
    gzipBomb = asGzip(await deflatedFill({ bytes: bombBytes, fill: 0x20, prefix: Buffer.from(reportXml().slice(0, 300)) }));
  }, 120_000);

  it('a zip entry that declares 1,000 bytes but inflates to 1 GiB is stopped at the lie', async () => {
    const zip = makeZip([{ name: 'report.xml', deflated: bomb, declaredSize: 1000, crc32: 0 }]);
    const { result, growth } = await peakRssGrowth(() => unwrap(zip, 'bomb.zip', DEFAULT_LIMITS));
    const [f] = failures(result);
    expect(f.error.code).toBe('zip.size_mismatch');
    expect(f.error.message).toMatch(/inflates beyond its declared size of 1000 bytes/);
    expect(growth).toBeLessThan(64 * MiB);
  });

  it('a zip entry that honestly declares 1 GiB from 1 MB is refused before inflating (ratio)', async () => {
    const zip = makeZip([{ name: 'report.xml', deflated: bomb, declaredSize: bombBytes }]);
    const { result, growth } = await peakRssGrowth(() => unwrap(zip, 'bomb.zip', DEFAULT_LIMITS));
    const [f] = failures(result);
    expect(f.error.code).toBe('limit.decompression_ratio');
    expect(f.error.message).toContain('ATLAS_MAX_DECOMPRESSION_RATIO');
    expect(growth).toBeLessThan(32 * MiB);
  });

  it('the total decompressed size is limited, naming ATLAS_MAX_DECOMPRESSED_BYTES', async () => {
    const zip = makeZip([{ name: 'report.xml', deflated: bomb, declaredSize: bombBytes }]);
    const result = await unwrap(zip, 'bomb.zip', limits({ maxDecompressionRatio: 100_000, maxDecompressedBytes: 64 * MiB }));
    const [f] = failures(result);
    expect(f.error.code).toBe('limit.decompressed_bytes');
    expect(f.error.message).toContain('ATLAS_MAX_DECOMPRESSED_BYTES');
  });

  it('a zip with more entries than ATLAS_MAX_ZIP_ENTRIES is refused before extracting', async () => {
    const entries = Array.from({ length: 101 }, (_, i) => ({ name: `r${i}.xml`, data: Buffer.from(reportXml()) }));
    const [f] = failures(await unwrap(makeZip(entries), 'many.zip', DEFAULT_LIMITS));
    expect(f.error.code).toBe('limit.zip_entries');
    expect(f.error.message).toMatch(/101 entries.*ATLAS_MAX_ZIP_ENTRIES/);
  });

  it('a gzip bomb is stopped while inflating, with memory far below the bomb size', async () => {
    const { result, growth } = await peakRssGrowth(() =>
      unwrap(gzipBomb, 'bomb.xml.gz', limits({ maxDecompressedBytes: 64 * MiB })),
    );
    const [f] = failures(result);
    expect(f.error.code).toBe('limit.decompressed_bytes');
    expect(f.error.message).toContain('ATLAS_MAX_DECOMPRESSED_BYTES');
    expect(growth).toBeLessThan(256 * MiB);
  });

  it('a gzip of zeros is refused as not a report after its first 64 KiB, however large it would grow', async () => {
    const { result, growth } = await peakRssGrowth(() => unwrap(zerosGzip, 'zeros.xml.gz', limits({ maxDecompressedBytes: 100 * 1024 * MiB, maxDecompressionRatio: 10_000_000 })));
    const [f] = failures(result);
    expect(f.error.code).toBe('input.unknown_format');
    expect(growth).toBeLessThan(64 * MiB);
  });

  it('with the limits raised far beyond the bomb, its gigabyte of spaces is refused by the parser, never held', async () => {
    const raised = limits({ maxDecompressedBytes: 100 * 1024 * MiB, maxDecompressionRatio: 10_000_000 });
    const { result, growth } = await peakRssGrowth(() => parseFile(gzipBomb, 'bomb.xml.gz', raised));
    expect(result).toEqual([{ file: 'bomb.xml.gz', code: 'xml.token_too_long', error: expect.stringMatching(/longer than 1,048,576 characters/) }]);
    expect(growth).toBeLessThan(128 * MiB);
  }, 120_000);

  it('a gzip expanding beyond ATLAS_MAX_DECOMPRESSION_RATIO is stopped while inflating', async () => {
    const [f] = failures(await unwrap(gzipBomb, 'bomb.xml.gz', limits({ maxDecompressionRatio: 100 })));
    expect(f.error.code).toBe('limit.decompression_ratio');
    expect(f.error.message).toContain('ATLAS_MAX_DECOMPRESSION_RATIO');
  });

  it('wrapping deeper than ATLAS_MAX_NESTING is refused', async () => {
    let data = Buffer.from(reportXml());
    for (let i = 0; i < 7; i++) data = zlib.gzipSync(data);
    const [f] = failures(await unwrap(data, 'deep.gz', DEFAULT_LIMITS));
    expect(f.error.code).toBe('limit.nesting');
    expect(f.error.message).toContain('ATLAS_MAX_NESTING');
    const ok = await unwrap(data, 'deep.gz', limits({ maxNesting: 7 }));
    expect(failures(ok)).toEqual([]);
  });
});

describe('XML attacks', () => {
  const billionLaughs = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<feedback><report_metadata><org_name>&lol9;</org_name></report_metadata></feedback>`;

  it('billion laughs: DOCTYPE/ENTITY declarations are refused before parsing', async () => {
    const err = await bothRefuse(billionLaughs);
    expect(err.code).toBe('xml.doctype');
    expect(err.message).toMatch(/DOCTYPE or entity declaration is refused/);
  });

  it('XXE: an external entity to /etc/passwd is refused and nothing of the file leaks', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE feedback [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${reportXml().replace('reporter.example</org_name>', '&xxe;</org_name>').replace(/^<\?xml[^>]*>/, '')}`;
    const err = await bothRefuse(xxe);
    expect(err.code).toBe('xml.doctype');
    const printed = await parseFile(Buffer.from(xxe), 'xxe.xml', DEFAULT_LIMITS);
    expect(JSON.stringify(printed)).not.toMatch(/root:/);
    expect(printed).toEqual([{ file: 'xxe.xml', code: 'xml.doctype', error: expect.stringMatching(/refused/) }]);
  });

  it('an undefined entity without a DOCTYPE is malformed XML in both paths', async () => {
    const err = await bothRefuse(reportXml().replace('reporter.example', '&xxe;'));
    expect(err.code).toBe('xml.malformed');
    expect(err.message).toMatch(/undefined entity/);
  });

  it('non-DMARC XML (an RSS feed) is refused as not a report', async () => {
    const rss = '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item><title>x</title></item></channel></rss>';
    const err = await bothRefuse(rss);
    expect(err.code).toBe('xml.not_dmarc');
    expect(err.message).toMatch(/root element is <rss>/);
  });
});

describe('archives and mail', () => {
  it('zip entries with path traversal or absolute paths are refused; the good entry is still read', async () => {
    const xml = Buffer.from(reportXml());
    const zip = makeZip([
      { name: '../../etc/x.xml', data: xml },
      { name: '/etc/y.xml', data: xml },
      { name: '..\\..\\z.xml', data: xml },
      { name: 'good/report.xml', data: xml },
    ]);
    const items = await unwrap(zip, 'evil.zip', DEFAULT_LIMITS);
    expect(failures(items).map((f) => f.error.code)).toEqual(['zip.unsafe_path', 'zip.unsafe_path', 'zip.unsafe_path']);
    expect(failures(items)[0].error.message).toMatch(/'\.\.\/\.\.\/etc\/x\.xml' is refused/);
    expect(items.filter((i) => !isFailure(i)).map((i) => i.path)).toEqual(['evil.zip › good/report.xml']);
  });

  it('an encrypted zip entry is refused with advice', async () => {
    const zip = makeZip([{ name: 'report.xml', data: Buffer.from(reportXml()), encrypted: true }]);
    const [f] = failures(await unwrap(zip, 'locked.zip', DEFAULT_LIMITS));
    expect(f.error.code).toBe('zip.encrypted');
  });

  it('a corrupt zip (truncated central directory) is a clear error', async () => {
    const zip = makeZip([{ name: 'report.xml', data: Buffer.from(reportXml()) }]);
    const [f] = failures(await unwrap(zip.subarray(0, zip.length - 30), 'cut.zip', DEFAULT_LIMITS));
    expect(f.error.code).toBe('zip.corrupt');
  });

  it('a truncated gzip says it was cut short', async () => {
    const gz = zlib.gzipSync(reportXml([{}, {}, {}]));
    for (const cut of [gz.length - 4, Math.floor(gz.length / 2), 12]) {
      const [f] = failures(await unwrap(gz.subarray(0, cut), 'cut.xml.gz', DEFAULT_LIMITS));
      expect(f.error.code).toBe('gzip.truncated');
      expect(f.error.message).toMatch(/truncated.*cut short/);
    }
  });

  it('a mail without a report (a bounce) is a no_report failure, not a crash', async () => {
    const bounce = await new MailComposer({
      from: 'MAILER-DAEMON@mx.example',
      to: 'dmarc@example.com',
      subject: 'Undelivered Mail Returned to Sender',
      text: 'This is the mail system at host mx.example.\n\n<dmarc@example.com>: host said: 550 5.7.1 rejected',
      attachments: [{ filename: 'logo.png', content: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), contentType: 'image/png' }],
    }).compile().build();
    const printed = await parseFile(bounce, 'bounce.eml', DEFAULT_LIMITS);
    expect(printed).toEqual([{ file: 'bounce.eml', code: 'no_report', error: expect.stringMatching(/no DMARC aggregate report found.*bounce/) }]);
  });

  it('an attachment larger than ATLAS_MAX_ATTACHMENT_BYTES is refused by name', async () => {
    const mail = await new MailComposer({
      from: 'a@reporter.example', to: 'dmarc@example.com', subject: 'Report',
      attachments: [{ filename: 'report.xml.gz', content: zlib.gzipSync(reportXml()), contentType: 'application/gzip' }],
    }).compile().build();
    const [f] = failures(await unwrap(mail, 'big.eml', limits({ maxAttachmentBytes: 100 })));
    expect(f.error.code).toBe('limit.attachment_bytes');
    expect(f.error.message).toContain('ATLAS_MAX_ATTACHMENT_BYTES');
  });

  it('a file larger than ATLAS_MAX_FILE_BYTES is refused', async () => {
    const [f] = failures(await unwrap(Buffer.from(reportXml()), 'r.xml', limits({ maxFileBytes: 100 })));
    expect(f.error.code).toBe('limit.file_bytes');
    expect(f.error.message).toContain('ATLAS_MAX_FILE_BYTES');
  });

  it('empty and unknown files are refused by content', async () => {
    expect(failures(await unwrap(Buffer.alloc(0), 'empty.xml', DEFAULT_LIMITS))[0].error.code).toBe('input.empty');
    const [f] = failures(await unwrap(Buffer.from('%PDF-1.7 not a report'), 'report.xml', DEFAULT_LIMITS));
    expect(f.error.code).toBe('input.unknown_format');
    expect(f.error.message).toMatch(/starts with bytes 25 50 44 46/);
  });
});

describe('record counts', () => {
  for (const [what, count] of [['negative', '-5'], ['non-numeric', 'abc'], ['decimal', '1.5'], ['empty', ''], ['2^64', '18446744073709551616']]) {
    it(`a ${what} count makes the report malformed, naming the record`, async () => {
      const err = await bothRefuse(reportXml([{}, { count }]));
      expect(err.code).toBe('report.count_invalid');
      expect(err.message).toContain('record 2');
      expect(err.message).toContain(JSON.stringify(count));
    });
  }

  it('a missing count is malformed too', async () => {
    const err = await bothRefuse(reportXml([{}]).replace('<count>1</count>', ''));
    expect(err.code).toBe('report.count_invalid');
    expect(err.message).toMatch(/record 1: <row\/count> is missing/);
  });

  it('the largest 64-bit count is accepted exactly', async () => {
    const xml = Buffer.from(reportXml([{ count: '18446744073709551615' }, { count: ' 1 ' }]));
    const fast = parseReportFast(xml);
    expect(await parseReportStreaming(xml)).toEqual(fast);
    expect(fast.records[0].count).toBe(18446744073709551615n);
    expect(summarise(fast).messages).toBe(18446744073709551616n);
    const printed = await parseFile(xml, 'big.xml', DEFAULT_LIMITS);
    expect(JSON.stringify(printed, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain('18446744073709551616');
  });

  it('a report with 0 records is valid', async () => {
    const xml = Buffer.from(reportXml([]));
    const fast = parseReportFast(xml);
    expect(await parseReportStreaming(xml)).toEqual(fast);
    expect(summarise(fast)).toMatchObject({ records: 0, messages: 0, dmarc_pass: 0, source_ips: 0 });
  });

  it('more records than ATLAS_MAX_RECORDS_PER_REPORT is refused by both paths', async () => {
    const err = await bothRefuse(reportXml([{}, {}, {}]), { maxRecordsPerReport: 2 });
    expect(err.code).toBe('limit.records');
    expect(err.message).toContain('ATLAS_MAX_RECORDS_PER_REPORT');
  });

  it('prints one error object for a rejected file and exit-worthy results', async () => {
    const printed: ParseFileResult[] = await parseFile(Buffer.from(reportXml([{ count: '-1' }])), 'neg.xml', DEFAULT_LIMITS);
    expect(printed).toHaveLength(1);
    expect(isParseError(printed[0])).toBe(true);
  });
});
