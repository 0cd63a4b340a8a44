import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticReportXml } from '../../lib/demo/synthetic';
import { isFailure, unwrap } from '../../lib/ingest/containers/unwrap';
import { xmlBytes } from '../../lib/ingest/containers/xml-source';
import { loadLimits } from '../../lib/ingest/limits';
import { parseReportStreaming, streamReport } from '../../lib/ingest/parse/parse-stream';
import { summarise } from '../../lib/ingest/parse/summary';
import { LeanRows } from '../../lib/ingest/store/lean-rows';
import { RecordEncoder } from '../../lib/ingest/store/record-encoder';
import type { RecordTarget } from '../../lib/ingest/store/record-row';
import { headerOf } from '../../lib/ingest/store/report-key';
import { normaliseDomain } from '../../lib/platform/net';
import { reportXml } from './fixtures/reports';

// Large reports go from SAX events straight to COPY rows (LeanRows: no object per record).
// What they store must be byte for byte what the object path stores for the same report —
// the same rows, the same content hash (dedupe and replacement decisions), the same figures
// and warnings — for real reports and odd ones alike.

const CORPUS = path.resolve(import.meta.dirname, '../..', '../shared/corpus/reports');

interface Stored {
  rows: string;
  hash: string;
  figures: unknown;
  warnings: string[];
  foreign: number;
}

function target(domain: string): RecordTarget {
  return { reportRowId: 4242n, reportDay: '2025-03-01', domainId: 7, policyDomain: normaliseDomain(domain) };
}

async function viaObjects(xml: Buffer): Promise<Stored> {
  const report = await parseReportStreaming(xml);
  const enc = new RecordEncoder(target(report.policy_published.domain));
  enc.addAll(report.records);
  return { rows: enc.take().toString('utf8'), hash: enc.contentHash(headerOf(report)), figures: summarise(report), warnings: report.warnings, foreign: enc.foreign };
}

/** As the store drives it: the target is set when the header event arrives. */
async function viaLeanRows(xml: Buffer): Promise<Stored> {
  const rows = new LeanRows();
  const chunks: Buffer[] = [];
  for await (const ev of streamReport(xml, { rows })) {
    if (ev.type === 'header') rows.encoder.configure(target(ev.header.policy_published.domain));
    else if (ev.type === 'rows') chunks.push(rows.encoder.take());
    else if (ev.type === 'end') {
      chunks.push(rows.encoder.take());
      return { rows: Buffer.concat(chunks).toString('utf8'), hash: rows.encoder.contentHash(headerOf(ev.header)), figures: ev.figures, warnings: ev.warnings, foreign: rows.encoder.foreign };
    }
  }
  throw new Error('no end event');
}

async function corpusXmls(): Promise<Array<[string, Buffer]>> {
  const out: Array<[string, Buffer]> = [];
  for (const file of readdirSync(CORPUS).sort()) {
    for (const item of await unwrap(readFileSync(path.join(CORPUS, file)), file, loadLimits())) {
      if (isFailure(item)) continue;
      const xml = await xmlBytes(item.xml);
      try {
        await parseReportStreaming(xml);
        out.push([`${file} ${item.path}`, xml]);
      } catch {
        // Unreadable reports fail the same way on both paths; compared elsewhere.
      }
    }
  }
  return out;
}

describe('the lean SAX-to-COPY path', () => {
  // The corpus sits beside the checkout (../shared); a checkout elsewhere skips this, as corpus.test.ts does.
  it.skipIf(!existsSync(CORPUS))('stores every corpus report exactly as the object path does', async () => {
    const xmls = await corpusXmls();
    expect(xmls.length).toBeGreaterThan(50);
    for (const [name, xml] of xmls) expect(await viaLeanRows(xml), name).toEqual(await viaObjects(xml));
  });

  it('stores large synthetic reports (IPv6, DMARCbis, several days) exactly as the object path does', async () => {
    for (const opts of [
      { records: 12_000, seed: 1, ipv6Share: 0.3 },
      { records: 3_000, seed: 2, dmarcbis: true, days: 3 },
    ]) {
      const xml = syntheticReportXml({ reportId: `lean-${opts.seed}`, begin: 1_740_787_200, ...opts });
      const lean = await viaLeanRows(xml);
      expect(lean).toEqual(await viaObjects(xml));
      expect(lean.rows.split('\n').length - 1).toBe(opts.records);
    }
  });

  it('agrees on odd records: repeated elements, junk values, huge and zero-padded counts, foreign and empty header_from', async () => {
    const xml = Buffer.from(
      reportXml([
        { ip: ' 2001:DB8::1 ', count: '007', disposition: 'Reject ', headerFrom: 'Mail.Example.com' },
        { ip: 'not-an-ip', count: '18446744073709551615'.slice(0, 19), dkim: 'PASS', headerFrom: 'example.net' },
        { ip: '', count: '0', spf: 'weird', headerFrom: '' },
        {
          count: '3',
          evaluatedExtra: '<reason><type>Forwarded</type><comment> via list </comment></reason><reason></reason>',
          auth: '<dkim><domain>Example.COM</domain><selector> s1 </selector><result>Pass</result></dkim><dkim><domain>x.test</domain><result>odd</result></dkim><spf><domain>b.example.com</domain><scope>HELO</scope><result>softfail</result></spf>',
        },
        { ip: '192.0.2.9', count: '5', auth: '<spf><domain>tab\there\\back"q"</domain><result>pass</result></spf><spf><domain>ünïcode.example</domain><result>fail</result></spf>' },
      ]).replace('<row>', '<row><source_ip>198.51.100.1</source_ip>'),
      'utf8',
    );
    const lean = await viaLeanRows(xml);
    expect(lean).toEqual(await viaObjects(xml));
    expect(lean.foreign).toBe(2);
    expect(lean.warnings.length).toBeGreaterThan(3);
  });

  it('keeps records met before the policy (policy_published after the records) and flags them once it is known', async () => {
    const records = reportXml([{ headerFrom: 'example.com' }, { headerFrom: 'elsewhere.test' }]);
    const policy = /<policy_published>.*<\/policy_published>/.exec(records)![0];
    const xml = Buffer.from(records.replace(policy, '').replace('</feedback>', `${policy}\n</feedback>`), 'utf8');
    const lean = await viaLeanRows(xml);
    expect(lean).toEqual(await viaObjects(xml));
    expect(lean.foreign).toBe(1);
  });
});
