import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticReportXml } from '@/lib/demo/synthetic';
import { isFailure, unwrap } from '@/lib/ingest/containers/unwrap';
import { xmlBytes } from '@/lib/ingest/containers/xml-source';
import { loadLimits } from '@/lib/ingest/limits';
import { streamReport } from '@/lib/ingest/parse/parse-stream';
import type { TRecord } from '@/lib/ingest/parse/schema';
import type { SummaryAccumulator } from '@/lib/ingest/parse/summary';
import { LeanRows } from '@/lib/ingest/store/lean-rows';
import { headerOf } from '@/lib/ingest/store/report-key';
import { normaliseDomain } from '@/lib/platform/net';

/**
 * Large reports read plain <record> elements straight from the bytes (plain-record.ts) and
 * leave every other record to the XML reader and the normaliser. Whatever the document and
 * however its bytes arrive, what is stored must be exactly what the reader alone stores: the
 * same COPY rows, content hash, figures and warnings — or the same error, word for word,
 * position included.
 */

const CORPUS = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/reports');

/** Counts the records the byte path took. */
class CountingRows extends LeanRows {
  plain = 0;
  override addRecord(r: TRecord, acc: SummaryAccumulator): void {
    this.plain++;
    super.addRecord(r, acc);
  }
}

type Outcome = { rows: string; hash: string; figures: unknown; warnings: string[]; foreign: number } | { error: string };

/**
 * Stores `xml` given in pieces of `piece` bytes. Pieces below a megabyte come in one reused
 * buffer, as a file's chunks do (ByteSource.transientChunks): nothing of a piece may be kept.
 */
async function store(xml: Buffer, plain: boolean, piece: number, maxRecords?: number): Promise<{ outcome: Outcome; plain: number }> {
  const rows = new CountingRows();
  const reused = Buffer.alloc(piece);
  const input = (async function* () {
    for (let i = 0; i < xml.length; i += piece) {
      if (piece >= 1 << 20) {
        yield xml.subarray(i, i + piece);
        continue;
      }
      const n = xml.copy(reused, 0, i, i + piece);
      yield reused.subarray(0, n);
      reused.fill(0x3c);
    }
  })();
  const out: Buffer[] = [];
  try {
    for await (const ev of streamReport(input, { rows, plainRecords: plain, maxRecords })) {
      if (ev.type === 'header') {
        const domain = ev.header.policy_published.domain;
        rows.encoder.configure({ reportRowId: 9n, reportDay: '2025-03-01', domainId: 3, policyDomain: normaliseDomain(domain) });
      } else if (ev.type === 'rows') {
        out.push(rows.encoder.take());
      } else if (ev.type === 'end') {
        out.push(rows.encoder.take());
        const outcome = { rows: Buffer.concat(out).toString('utf8'), hash: rows.encoder.contentHash(headerOf(ev.header)), figures: ev.figures, warnings: ev.warnings, foreign: rows.encoder.foreign };
        return { outcome, plain: rows.plain };
      }
    }
    throw new Error('no end event');
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { outcome: { error: `${e.code ?? 'thrown'}: ${e.message}` }, plain: rows.plain };
  }
}

/** Stores `xml` through the byte path in pieces of each size and expects what the reader alone stores; returns how many records the byte path took. */
async function expectSameStored(xml: Buffer, pieces: number[], maxRecords?: number): Promise<number> {
  const reference = await store(xml, false, 1 << 16, maxRecords);
  expect(reference.plain).toBe(0);
  let taken = 0;
  for (const piece of pieces) {
    const got = await store(xml, true, piece, maxRecords);
    expect(got.outcome, `in pieces of ${piece} bytes`).toEqual(reference.outcome);
    taken = Math.max(taken, got.plain);
  }
  return taken;
}

/** mulberry32: seeded, so a failure names the report that shows it. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * One record with random formatting and case (which the byte path reads) and, when `hostile`,
 * now and then something it must leave alone: markup, references, odd values, damage.
 */
function hostileRecord(rnd: () => number, hostile: boolean): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const vary = (p: number) => rnd() < p;
  const odd = (p: number) => hostile && rnd() < 4 * p;
  const valid = <T,>(xs: readonly T[], invalid: number): T => pick(hostile ? xs : xs.slice(0, xs.length - invalid));
  const nl = pick(['\n      ', '\n\t', '', ' ', '\n', '\r\n    ', '\r\n', '\r']);
  const upper = (s: string) => (vary(0.1) ? s.toUpperCase() : vary(0.05) ? s[0].toUpperCase() + s.slice(1) : s);
  const pad = (s: string) => (vary(0.08) ? pick([' ', '\t', '\n ', '  ']) + s + pick(['', ' ', '\n']) : s);
  const text = (s: string) => {
    if (!odd(0.04)) return pad(s);
    return pick([
      `${s}&amp;x`, `<![CDATA[${s}]]>`, `${s}<!-- c -->`, `${s}\r\n`, `${s}\u00e9`, `${s}\u0001`, `${s}]`, `${s}>`, `${s}\u2013`, '',
      'x'.repeat(1100), ` ${'y'.repeat(1024)} `, '&#65;', `${s}&lt;`, `${s}"\\'`,
    ]);
  };
  const leaf = (name: string, value: string) => (odd(0.02) ? `<${name}/>` : odd(0.01) ? `<${name}>${text(value)}</${name} >` : `<${name}>${text(value)}</${name}>`);
  const ip = vary(0.15)
    ? pick(['2001:DB8::1', '2001:db8:0:0:0:0:0:1', '::ffff:192.0.2.1', '::', 'fe80::1%eth0', '2001:db8::', '1:2:3:4:5:6:7:8'])
    : odd(0.03)
      ? pick(['192.0.2.256', '010.0.0.1', 'not-an-ip', '', '1.2.3', ' 192.0.2.7 '])
      : `${1 + Math.floor(rnd() * 223)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}.${Math.floor(rnd() * 256)}`;
  const count = odd(0.01)
    ? pick(['007', ' 5 ', '0', '999999999999999', '1234567890123456', '123456789012345678', '1234567890123456789', '9223372036854775808', '18446744073709551615', '-1', '1e3', ''])
    : String(1 + Math.floor(rnd() * 500));
  const dom = () => upper(pick(['example.com', 'mail.example.com', 'other.test', 'example.com.', 'EXAMPLE.com', 'sub.example.com']));
  const evaluated: string[] = [];
  if (!odd(0.01)) evaluated.push(leaf('disposition', upper(valid(['none', 'none', 'quarantine', 'reject', 'unknown'], 1))));
  if (!odd(0.01)) evaluated.push(leaf('dkim', upper(valid(['pass', 'fail', 'pass', 'softfail'], 1))));
  if (!odd(0.01)) evaluated.push(leaf('spf', upper(pick(['pass', 'fail', 'fail']))));
  const reasons = vary(0.2) ? 1 + Math.floor(rnd() * 3) : 0;
  for (let i = 0; i < reasons; i++) {
    const parts: string[] = [];
    if (hostile ? !odd(0.2) : true) parts.push(leaf('type', upper(valid(['forwarded', 'local_policy', 'mailing_list', 'other', 'sampled_out', 'trusted_forwarder', 'policy_test_mode', 'bogus'], 1))));
    if (vary(0.5)) parts.push(leaf('comment', valid(['arc=pass', 'via list', 'a "quoted" comment', ''], 0)));
    evaluated.push(odd(0.02) ? '<reason/>' : `<reason>${parts.join(nl)}</reason>`);
  }
  if (odd(0.01)) evaluated.push(leaf('disposition', 'none'));
  const row = [leaf('source_ip', ip), leaf('count', count), odd(0.01) ? '<policy_evaluated/>' : `<policy_evaluated>${nl}${evaluated.join(nl)}${nl}</policy_evaluated>`];
  if (vary(0.1)) row.reverse();
  const ids: string[] = [];
  if (vary(0.3)) ids.push(leaf('envelope_to', dom()));
  if (vary(0.5)) ids.push(leaf('envelope_from', dom()));
  if (!odd(0.01)) ids.push(leaf('header_from', dom()));
  const auth: string[] = [];
  const dkims = odd(0.01) ? 101 : Math.floor(rnd() * 3);
  for (let i = 0; i < dkims; i++) {
    const parts = [leaf('domain', dom())];
    if (vary(0.8)) parts.push(leaf('selector', pick(['s1', 'google', 'Selector1', 'k1'])));
    parts.push(leaf('result', upper(valid(['pass', 'fail', 'none', 'neutral', 'temperror', 'permerror', 'policy', 'weird'], 1))));
    if (vary(0.1)) parts.push(leaf('human_result', pick(['good', 'bad key', ''])));
    auth.push(odd(0.01) ? '<dkim/>' : `<dkim>${nl}${parts.join(nl)}${nl}</dkim>`);
  }
  const spfs = Math.floor(rnd() * 3);
  for (let i = 0; i < spfs; i++) {
    const parts = [leaf('domain', dom())];
    if (vary(0.7)) parts.push(leaf('scope', upper(valid(['mfrom', 'helo', 'mail'], 1))));
    parts.push(leaf('result', upper(valid(['pass', 'fail', 'softfail', 'neutral', 'none', 'temperror', 'permerror', 'hardfail'], 1))));
    if (vary(0.1)) parts.push(leaf('human_result', 'ok'));
    auth.push(`<spf>${nl}${parts.join(nl)}${nl}</spf>`);
  }
  const children = [
    odd(0.005) ? '' : `<row>${nl}${row.join(nl)}${nl}</row>`,
    odd(0.005) ? '' : `<identifiers>${nl}${ids.join(nl)}${nl}</identifiers>`,
    `<auth_results>${nl}${auth.join(nl)}${nl}</auth_results>`,
  ];
  if (odd(0.01)) children.push(pick(['<extra>1</extra>', '<!-- note -->', '<row/>', '<identifiers/>', 'stray text', '<?pi x?>']));
  if (vary(0.05)) children.reverse();
  const open = odd(0.01) ? pick(['<record id="1">', '<record >', '<dmarc:record>', '<Record>']) : '<record>';
  const close = open === '<dmarc:record>' ? '</dmarc:record>' : open === '<Record>' ? '</Record>' : odd(0.01) ? '</record >' : '</record>';
  return `${open}${nl}${children.join(nl)}${nl}${close}`;
}

function hostileReport(seed: number, records: number): Buffer {
  const rnd = random(seed);
  // Half the reports only vary in ways the byte path reads; in the others a record in ten is hostile.
  const hostility = rnd() < 0.5 ? 0 : 0.1;
  const body = Array.from({ length: records }, () => hostileRecord(rnd, rnd() < hostility)).join(rnd() < 0.5 ? '\n  ' : '');
  let xml = `<?xml version="1.0" encoding="UTF-8"?>
<feedback>
  <report_metadata><org_name>reporter.example</org_name><email>d@reporter.example</email><report_id>fuzz-${seed}</report_id>
    <date_range><begin>1740787200</begin><end>1740873599</end></date_range></report_metadata>
  <policy_published><domain>example.com</domain><p>none</p></policy_published>
  ${body}
</feedback>
`;
  // Now and then damage the document itself, somewhere among the records.
  if (rnd() < 0.1) {
    const at = Math.floor(xml.length * (0.3 + 0.6 * rnd()));
    xml = xml.slice(0, at) + ['<', '&', '</oops>', '<!--', ']]>', '\r'][Math.floor(rnd() * 6)] + xml.slice(at);
  }
  return Buffer.from(xml, 'utf8');
}

describe('plain records read straight from the bytes', () => {
  it('takes the records of a plain report, storing exactly what the reader stores', async () => {
    const xml = syntheticReportXml({ records: 3_000, seed: 5, ipv6Share: 0.2, reportId: 'plain-1', begin: 1_740_787_200 });
    const taken = await expectSameStored(xml, [1 << 20, 4096, 61]);
    // The first piece's records are read before the byte path starts (the reader finds the header).
    expect(taken).toBeGreaterThan(2_900);
  });

  it('stores the same as the reader for DMARCbis and several-day reports, however the bytes are cut', async () => {
    for (const opts of [{ dmarcbis: true, days: 3, seed: 6 }, { seed: 7, ipv6Share: 0.5 }]) {
      const xml = syntheticReportXml({ records: 400, reportId: `plain-${opts.seed}`, begin: 1_740_787_200, ...opts });
      expect(await expectSameStored(xml, [1 << 20, 997, 13, 1])).toBeGreaterThan(300);
    }
  });

  it('stores the same as the reader for 400 hostile reports (odd values, markup, damage), however the bytes are cut', async () => {
    let taken = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const xml = hostileReport(seed, 12 + (seed % 20));
      taken += await expectSameStored(xml, [1 << 20, 211, 7]);
    }
    // Most records in these reports are plain: the byte path must have taken many of them.
    expect(taken).toBeGreaterThan(4_000);
  });

  it('reads records between CRLF and lone-CR line ends, keeping every later error position', async () => {
    const lf = syntheticReportXml({ records: 400, seed: 10, reportId: 'crlf', begin: 1_740_787_200 }).toString('utf8');
    for (const [name, text] of [['CRLF', lf.replace(/\n/g, '\r\n')], ['lone CR', lf.replace(/\n/g, '\r')]]) {
      expect(await expectSameStored(Buffer.from(text, 'utf8'), [4096, 61, 2]), name).toBeGreaterThan(350);
      // Damaged near the end: the error names the same line and column either way.
      const damaged = Buffer.from(text.replace(/<\/record>(?![\s\S]*<\/record>)/, '</record><oops'), 'utf8');
      await expectSameStored(damaged, [4096, 61]);
    }
  });

  it('stores a report whose policy comes after its records exactly as the reader does', async () => {
    const whole = syntheticReportXml({ records: 300, seed: 9, reportId: 'late-policy', begin: 1_740_787_200 }).toString('utf8');
    const policy = /<policy_published>[\s\S]*?<\/policy_published>/.exec(whole)![0];
    const xml = Buffer.from(whole.replace(policy, '').replace('</feedback>', `${policy}\n</feedback>`), 'utf8');
    expect(await expectSameStored(xml, [4096, 61])).toBeGreaterThan(250);
  });

  // Real reporters' layouts, through the byte path: in small pieces, so that it starts early.
  it.skipIf(!existsSync(CORPUS))('stores every corpus report exactly as the reader does, in small pieces', async () => {
    let taken = 0;
    let reports = 0;
    for (const file of readdirSync(CORPUS).sort()) {
      for (const item of await unwrap(readFileSync(path.join(CORPUS, file)), file, loadLimits())) {
        if (isFailure(item)) continue;
        const xml = await xmlBytes(item.xml);
        taken += await expectSameStored(xml, [512, 37]);
        reports++;
      }
    }
    expect(reports).toBeGreaterThan(50);
    expect(taken).toBeGreaterThan(0);
    console.log(`corpus: ${reports} reports, ${taken} records read by the byte path`);
  });

  it('refuses a report over the records cap with the same error', async () => {
    const xml = syntheticReportXml({ records: 50, seed: 8, reportId: 'capped', begin: 1_740_787_200 });
    await expectSameStored(xml, [1 << 20, 64], 20);
  });
});
