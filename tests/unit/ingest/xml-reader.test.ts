import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticReportXml } from '@/lib/demo/synthetic';
import { DEFAULT_LIMITS } from '@/lib/ingest/limits';
import { isFailure, unwrap } from '@/lib/ingest/containers/unwrap';
import { xmlBytes } from '@/lib/ingest/containers/xml-source';
import { parseReportStreaming } from '@/lib/ingest/parse/parse-stream';
import { XmlReader } from '@/lib/ingest/parse/xml-reader';

/**
 * The quick reader (lib/ingest/parse/xml-reader.ts) reads plain XML by hand and hands anything
 * else to saxes. Whatever the document, the report — or the error, word for word, position
 * included — must be exactly what saxes alone makes of it, however the input is cut.
 */

type Outcome = { report: unknown } | { error: string };

/** The report, or the error as code and message, of reading `pieces` in turn. */
async function outcomeOf(pieces: Buffer[], quick: boolean): Promise<Outcome> {
  const input = (async function* () {
    yield* pieces;
  })();
  try {
    return { report: await parseReportStreaming(input, { quick, batchSize: 7 }) };
  } catch (err) {
    const e = err as { code?: string; message: string };
    return { error: `${e.code ?? 'thrown'}: ${e.message}` };
  }
}

function read(xml: Buffer, quick: boolean, piece: number): Promise<Outcome> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < xml.length; i += piece) pieces.push(xml.subarray(i, i + piece));
  return outcomeOf(pieces, quick);
}

async function expectSameReading(xml: Buffer, pieces: number[] = [1 << 16, 7, 1]): Promise<Outcome> {
  const reference = await read(xml, false, 1 << 16);
  for (const piece of pieces) expect(await read(xml, true, piece), `in pieces of ${piece} bytes`).toEqual(reference);
  return reference;
}

/** A small synthetic report (pretty-printed) to edit. */
const base = syntheticReportXml({ records: 3, seed: 11 }).toString('utf8');
const at = (needle: string, insert: string, after = true) => {
  const i = base.indexOf(needle);
  if (i === -1) throw new Error(`${needle} is not in the base report`);
  const k = after ? i + needle.length : i;
  return Buffer.from(base.slice(0, k) + insert + base.slice(k));
};
const replaced = (from: string | RegExp, to: string) => Buffer.from(base.replace(from, to));

const variants: Record<string, Buffer> = {
  'the plain report': Buffer.from(base),
  'CRLF line ends': replaced(/\n/g, '\r\n'),
  'lone CR line ends': replaced(/\n/g, '\r'),
  'the whole report on one line': replaced(/\n\s*/g, ''),
  'a comment inside a record': at('<row>', '<!-- a comment -->'),
  'a comment splitting a value': replaced('<count>', '<count>1<!-- x -->'),
  'a CDATA value': replaced(/<header_from>([^<]*)</, '<header_from><![CDATA[$1]]><'),
  'predefined references': replaced(/<org_name>[^<]*</, '<org_name>A &amp; B &lt;C&gt; &quot;D&apos;<'),
  'character references': replaced(/<org_name>[^<]*</, '<org_name>&#65;&#x42;<'),
  'an undefined entity': replaced(/<org_name>[^<]*</, '<org_name>&nbsp;<'),
  'a bare ampersand': replaced(/<org_name>[^<]*</, '<org_name>A & B<'),
  '"]]>" in text': replaced(/<org_name>[^<]*</, '<org_name>a]]>b<'),
  'a single "]" and ">" in text': replaced(/<org_name>[^<]*</, '<org_name>a] > b<'),
  'attributes on the root': replaced('<feedback>', '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0" xmlns:xsi=\'http://www.w3.org/2001/XMLSchema-instance\'>'),
  'an attribute value holding ">"': replaced('<record>', '<record note="a>b">'),
  'an attribute value holding "<"': replaced('<record>', '<record note="a<b">'),
  'an attribute value holding a reference': replaced('<record>', '<record note="a&amp;b">'),
  'a duplicate attribute': replaced('<record>', '<record a="1" a="2">'),
  'many attributes': replaced('<record>', `<record ${Array.from({ length: 40 }, (_, i) => `a${i}="${i}"`).join(' ')}>`),
  'many attributes, the last a duplicate': replaced('<record>', `<record ${Array.from({ length: 40 }, (_, i) => `a${i}="${i}"`).join(' ')} a3="x">`),
  'an attribute without a value': replaced('<record>', '<record checked>'),
  'an unquoted attribute': replaced('<record>', '<record a=1>'),
  'attributes without space between': replaced('<record>', '<record a="1"b="2">'),
  'spaces around "="': replaced('<record>', '<record a = "1" >'),
  'a self-closing element': at('<row>', '<note/>'),
  'a self-closing element with a space': at('<row>', '<note />'),
  'a self-closing value': replaced('</identifiers>', '<envelope_to/></identifiers>'),
  'space in an end tag': replaced('</count>', '</count  >'),
  'space before an end tag name': replaced('</count>', '</ count>'),
  'a mismatched end tag': replaced('</count>', '</cnt>'),
  'a missing end tag': replaced('</row>', ''),
  'an unclosed root': replaced('</feedback>', ''),
  'a truncated document': Buffer.from(base.slice(0, Math.floor(base.length / 2))),
  'text after the root': Buffer.from(`${base}trailing`),
  'a comment after the root': Buffer.from(`${base}<!-- end -->\n`),
  'a processing instruction after the root': Buffer.from(`${base}<?pi data?>`),
  'a second root': Buffer.from(`${base}<feedback/>`),
  'a control character': replaced(/<org_name>[^<]*</, '<org_name>a\u0001b<'),
  'a non-ASCII value': replaced(/<org_name>[^<]*</, '<org_name>Übermittlung 😀<'),
  'a non-ASCII element name': at('<row>', '<größe>1</größe>'),
  'prefixed names': replaced(/<(\/?)record>/g, '<$1dmarc:record>'),
  'a DOCTYPE inside': at('<row>', '<!DOCTYPE x>'),
  'a processing instruction inside': at('<row>', '<?pi x?>'),
  'an XML declaration inside': at('<row>', '<?xml version="1.0"?>'),
  'an empty tag name': at('<row>', '<>'),
  'a tag name starting with a digit': at('<row>', '<1a>x</1a>'),
  'a "<" in text': replaced(/<org_name>[^<]*</, '<org_name>a < b<'),
  'extensions with mixed content': at('</policy_published>', '\n  <extensions>\n    a <x>1</x>  <y/> b\n    <z k="v"> c </z>\n  </extensions>'),
  'an element inside a value': replaced('<count>', '<count><b/>'),
  'whitespace around a value': replaced(/<count>(\d+)<\/count>/, '<count>\n  $1\t</count>'),
};

describe('the quick XML reader reads as saxes does', () => {
  for (const [name, xml] of Object.entries(variants)) {
    it(name, async () => {
      await expectSameReading(xml);
    });
  }

  it('reads plain reports itself, to the end (saxes is only for the unusual)', () => {
    const plain = ['the plain report', 'CRLF line ends', 'lone CR line ends', 'the whole report on one line', 'predefined references', 'attributes on the root', 'an attribute value holding ">"', 'spaces around "="', 'a self-closing element', 'space in an end tag', 'a non-ASCII value', 'prefixed names', 'whitespace around a value'];
    for (const name of plain) {
      const text = (variants[name] as Buffer).toString('utf8');
      const reader = new XmlReader({ open() {}, close() {}, text() {}, wantsSpaceBeforeTags: true }, { lineOffset: 0, stopAtRootEnd: false });
      for (let i = text.indexOf('<feedback'); i < text.length; i += 100) reader.write(text.slice(i, i + 100));
      reader.close();
      expect(reader.handedOver, name).toBe(false);
    }
  });

  it('every cut of a report with references, CRLF, a comment and attributes', async () => {
    const xml = Buffer.from(
      base
        .replace('<feedback>', '<feedback xmlns:x="urn:x">')
        .replace(/<org_name>[^<]*</, '<org_name>A &amp; B<')
        .replace('<row>', '<row><!-- c -->')
        .replace(/\n/g, '\r\n'),
    );
    const reference = await read(xml, false, 1 << 16);
    expect('report' in reference).toBe(true);
    for (let cut = 1; cut < xml.length; cut += 3) {
      const outcome = await outcomeOf([xml.subarray(0, cut), xml.subarray(cut)], true);
      expect(outcome, `cut at ${cut}`).toEqual(reference);
    }
  });

  it('random damage: 400 seeded edits of markup characters', async () => {
    let seed = 20261206;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const marks = ['<', '>', '/', '&', '"', "'", '=', ' ', '!', '?', ']', '\r', '\u0000', 'é'];
    const text = base.replace('<feedback>', '<feedback a="1">');
    let errors = 0;
    for (let n = 0; n < 400; n++) {
      const k = 1 + Math.floor(random() * (text.length - 2));
      const mark = marks[Math.floor(random() * marks.length)] as string;
      const edit = random();
      const damaged = edit < 0.4 ? text.slice(0, k) + mark + text.slice(k) : edit < 0.7 ? text.slice(0, k) + text.slice(k + 1) : text.slice(0, k) + mark + text.slice(k + 1);
      const outcome = await expectSameReading(Buffer.from(damaged), [1 << 16, 5]);
      if ('error' in outcome) errors++;
    }
    // The edits must exercise the error paths, not only harmless spots.
    expect(errors).toBeGreaterThan(100);
  });
});

const corpusDir = path.resolve(import.meta.dirname, '../../..', '../shared/corpus/reports');
describe.skipIf(!existsSync(corpusDir))('the quick XML reader on the corpus of real reports', () => {
  it('reads every report of every corpus file as saxes does', async () => {
    let reports = 0;
    for (const file of readdirSync(corpusDir).sort()) {
      for (const item of await unwrap(readFileSync(path.join(corpusDir, file)), file, DEFAULT_LIMITS)) {
        if (isFailure(item)) continue;
        await expectSameReading(await xmlBytes(item.xml), [1 << 16, 13]);
        reports++;
      }
    }
    expect(reports).toBeGreaterThan(90);
  });
});

describe('long tokens', () => {
  it('hands a token longer than it keeps between writes to saxes, still reading it as saxes does', async () => {
    const long = 'x'.repeat(200_000);
    // In <extensions>, where a value may be that long and is kept whole.
    const xml = Buffer.from(base.replace('</policy_published>', `</policy_published><extensions><note>${long}</note></extensions>`));
    const outcome = await expectSameReading(xml, [1 << 14]);
    expect('report' in outcome).toBe(true);
    const text = xml.toString('utf8');
    let value = '';
    const reader = new XmlReader({ open() { value = ''; }, close() {}, text(t) { value += t; if (value === long) seen.push(value); }, wantsSpaceBeforeTags: true }, { lineOffset: 0, stopAtRootEnd: false });
    const seen: string[] = [];
    for (let i = text.indexOf('<feedback'); i < text.length; i += 1 << 14) reader.write(text.slice(i, i + (1 << 14)));
    reader.close();
    expect(reader.handedOver).toBe(true);
    expect(seen).toEqual([long]);
  });
});

describe('hostile tags', () => {
  it('leaves a tag with more than a few attributes to saxes (whose duplicate check is not pairwise), reading it as saxes does', async () => {
    const attributes = Array.from({ length: 8_000 }, (_, i) => `a${i}=""`).join(' ');
    const xml = Buffer.from(base.replace(/<record>/g, `<record ${attributes}>`));
    expect(await read(xml, true, 1 << 16)).toEqual(await read(xml, false, 1 << 16));
    const reader = new XmlReader({ open() {}, close() {}, text() {}, wantsSpaceBeforeTags: true }, { lineOffset: 0, stopAtRootEnd: false });
    reader.write(`<feedback><record ${Array.from({ length: 17 }, (_, i) => `a${i}=""`).join(' ')}>`);
    expect(reader.handedOver).toBe(true);
  });
});
