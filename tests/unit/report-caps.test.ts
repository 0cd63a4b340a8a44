import { describe, expect, it } from 'vitest';
import { IngestError } from '@/lib/ingest/errors';
import { parseReportFast } from '@/lib/ingest/parse/parse';
import { parseReportStreaming } from '@/lib/ingest/parse/parse-stream';
import { MAX_DEPTH, MAX_EXTENSION_NODES, MAX_FIELD_CHARS, MAX_REPEATS } from '@/lib/ingest/parse/report-caps';
import type { TReport } from '@/lib/ingest/parse/schema';
import { reportXml } from './fixtures/reports';

/**
 * Every report is written by an attacker (issue 17): a string of 100 KB, thousands of repeated
 * results or an endless <extensions> tree are cut to named limits (report-caps.ts) with a
 * warning, or refused when the value identifies the report. Both parsers cut alike.
 */

async function bothParse(xml: string): Promise<TReport> {
  const fast = parseReportFast(Buffer.from(xml));
  const streamed = await parseReportStreaming(Buffer.from(xml));
  expect(streamed).toEqual(fast);
  return fast;
}

async function bothRefuse(xml: string): Promise<string> {
  let fast: unknown;
  try {
    parseReportFast(Buffer.from(xml));
  } catch (err) {
    fast = err;
  }
  const streamed: unknown = await parseReportStreaming(Buffer.from(xml)).then(() => undefined, (err: unknown) => err);
  expect(fast).toBeInstanceOf(IngestError);
  expect((streamed as IngestError).code).toBe((fast as IngestError).code);
  return (fast as IngestError).code;
}

const long = 'x'.repeat(100_000);

describe('field caps', () => {
  it('cuts a 100 KB string field to MAX_FIELD_CHARS and says so', async () => {
    const auth = `<dkim><domain>example.com</domain><selector>${long}</selector><result>pass</result><human_result>${long}</human_result></dkim>`;
    const report = await bothParse(reportXml([{ auth, evaluatedExtra: `<reason><type>other</type><comment>${long}</comment></reason>` }]));
    const [record] = report.records;
    expect(record.dkim[0].selector).toHaveLength(MAX_FIELD_CHARS);
    expect(record.dkim[0].human_result).toHaveLength(MAX_FIELD_CHARS);
    expect(record.reasons[0].comment).toHaveLength(MAX_FIELD_CHARS);
    expect(report.warnings.filter((w) => w.includes('MAX_FIELD_CHARS'))).toHaveLength(3);
  });

  it('never cuts inside a surrogate pair', async () => {
    const emoji = `${'x'.repeat(MAX_FIELD_CHARS - 1)}😀😀`;
    const report = await bothParse(reportXml([{ evaluatedExtra: `<reason><type>other</type><comment>${emoji}</comment></reason>` }]));
    expect(report.records[0].reasons[0].comment).toBe('x'.repeat(MAX_FIELD_CHARS - 1));
  });

  it('refuses a report whose identifying field is that long (it cannot be cut without merging reports)', async () => {
    expect(await bothRefuse(reportXml([{}], { reportId: long }))).toBe('report.field_too_long');
  });

  it(`keeps the first ${MAX_REPEATS} of a repeated result and says the rest were ignored`, async () => {
    const dkim = '<dkim><domain>example.com</domain><result>pass</result></dkim>'.repeat(MAX_REPEATS + 50);
    const report = await bothParse(reportXml([{ auth: dkim }]));
    expect(report.records[0].dkim).toHaveLength(MAX_REPEATS);
    expect(report.warnings).toContainEqual(expect.stringContaining(`more than ${MAX_REPEATS} <auth_results/dkim> elements`));
  });

  it(`refuses <extensions> of more than ${MAX_EXTENSION_NODES} elements, and markup nested deeper than ${MAX_DEPTH}`, async () => {
    const extensions = `<extensions>${'<e>1</e>'.repeat(MAX_EXTENSION_NODES + 1)}</extensions>`;
    expect(await bothRefuse(reportXml().replace('</policy_published>', `</policy_published>\n  ${extensions}`))).toBe('report.extensions_too_large');
    const deep = `<extensions>${'<e>'.repeat(MAX_DEPTH)}${'</e>'.repeat(MAX_DEPTH)}</extensions>`;
    expect(await bothRefuse(reportXml().replace('</policy_published>', `</policy_published>\n  ${deep}`))).toBe('xml.too_deep');
    // <feedback> and <extensions> are two levels: MAX_DEPTH in all is still read, alike by both parsers.
    const deepest = `<extensions>${'<e>'.repeat(MAX_DEPTH - 2)}${'</e>'.repeat(MAX_DEPTH - 2)}</extensions>`;
    expect((await bothParse(reportXml().replace('</policy_published>', `</policy_published>\n  ${deepest}`))).extensions).not.toBeNull();
  });
});
