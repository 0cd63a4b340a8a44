import { describe, expect, it } from 'vitest';
import { IngestError } from '@/lib/ingest/errors';
import { parseReportFast } from '@/lib/ingest/parse/parse';
import { parseReportStreaming } from '@/lib/ingest/parse/parse-stream';
import { ZReport, type TReport } from '@/lib/ingest/parse/schema';
import { summarise } from '@/lib/ingest/parse/summary';
import { recordXml, reportXml } from './fixtures/reports';

/**
 * The normalised report: what both parse paths make of DMARCbis and RFC 7489 reports and of
 * the quirks real reporters produce. Every case is parsed by both paths, which must agree.
 */

async function parseBoth(xml: string | Buffer): Promise<TReport> {
  const data = typeof xml === 'string' ? Buffer.from(xml) : xml;
  const fast = parseReportFast(data);
  expect(await parseReportStreaming(data, { batchSize: 1 })).toEqual(fast);
  expect(ZReport.safeParse(fast).success).toBe(true);
  return fast;
}

async function refusedBoth(xml: string): Promise<IngestError> {
  const data = Buffer.from(xml);
  const fast = (() => {
    try {
      parseReportFast(data);
    } catch (err) {
      return err as IngestError;
    }
    throw new Error('the fast path accepted the report');
  })();
  const streamed = await parseReportStreaming(data).then(
    () => { throw new Error('the streaming path accepted the report'); },
    (err: unknown) => err as IngestError,
  );
  expect(streamed.code).toBe(fast.code);
  return fast;
}

const DMARCBIS = `<?xml version="1.0" encoding="UTF-8"?>
<dmarc:feedback xmlns:dmarc="urn:ietf:params:xml:ns:dmarc-2.0" xmlns:ext="https://vendor.example/ext">
  <dmarc:version>2.0</dmarc:version>
  <dmarc:report_metadata>
    <dmarc:org_name>Receiver Inc.</dmarc:org_name>
    <dmarc:email>dmarc@receiver.example</dmarc:email>
    <dmarc:extra_contact_info>https://receiver.example/dmarc</dmarc:extra_contact_info>
    <dmarc:report_id>bis-42</dmarc:report_id>
    <dmarc:date_range><dmarc:begin>1700000000</dmarc:begin><dmarc:end>1700172799</dmarc:end></dmarc:date_range>
    <dmarc:error>one record dropped</dmarc:error>
    <dmarc:generator>Receiver DMARC 3.1</dmarc:generator>
  </dmarc:report_metadata>
  <dmarc:policy_published>
    <dmarc:domain>Example.COM</dmarc:domain>
    <dmarc:discovery_method>treewalk</dmarc:discovery_method>
    <dmarc:adkim>s</dmarc:adkim>
    <dmarc:aspf>r</dmarc:aspf>
    <dmarc:p>reject</dmarc:p>
    <dmarc:sp>quarantine</dmarc:sp>
    <dmarc:np>reject</dmarc:np>
    <dmarc:testing>y</dmarc:testing>
    <dmarc:fo>1</dmarc:fo>
  </dmarc:policy_published>
  <dmarc:extensions>
    <ext:arc_summary><ext:sealed>12</ext:sealed><ext:validated>10</ext:validated></ext:arc_summary>
    <ext:note> mixed   </ext:note>
  </dmarc:extensions>
  <dmarc:record>
    <dmarc:row>
      <dmarc:source_ip>2001:0DB8:0:0::0001</dmarc:source_ip>
      <dmarc:count>7</dmarc:count>
      <dmarc:policy_evaluated>
        <dmarc:disposition>reject</dmarc:disposition>
        <dmarc:dkim>fail</dmarc:dkim>
        <dmarc:spf>fail</dmarc:spf>
        <dmarc:reason><dmarc:type>policy_test_mode</dmarc:type><dmarc:comment>t=y</dmarc:comment></dmarc:reason>
      </dmarc:policy_evaluated>
    </dmarc:row>
    <dmarc:identifiers>
      <dmarc:envelope_to>Example.com</dmarc:envelope_to>
      <dmarc:envelope_from>bounce.example.net</dmarc:envelope_from>
      <dmarc:header_from>example.com</dmarc:header_from>
    </dmarc:identifiers>
    <dmarc:auth_results>
      <dmarc:dkim><dmarc:domain>example.net</dmarc:domain><dmarc:selector>s1</dmarc:selector><dmarc:result>pass</dmarc:result><dmarc:human_result>good sig</dmarc:human_result></dmarc:dkim>
      <dmarc:spf><dmarc:domain>bounce.example.net</dmarc:domain><dmarc:scope>mfrom</dmarc:scope><dmarc:result>softfail</dmarc:result></dmarc:spf>
    </dmarc:auth_results>
  </dmarc:record>
</dmarc:feedback>`;

describe('DMARCbis (urn:ietf:params:xml:ns:dmarc-2.0)', () => {
  it('is read fully: namespace, version, np, testing, discovery_method, generator, extensions', async () => {
    const r = await parseBoth(DMARCBIS);
    expect(r.namespace).toBe('urn:ietf:params:xml:ns:dmarc-2.0');
    expect(r.version).toBe('2.0');
    expect(r.metadata).toEqual({
      org_name: 'Receiver Inc.', email: 'dmarc@receiver.example', extra_contact_info: 'https://receiver.example/dmarc',
      report_id: 'bis-42', begin: 1700000000, end: 1700172799, errors: ['one record dropped'], generator: 'Receiver DMARC 3.1',
    });
    expect(r.policy_published).toEqual({
      domain: 'Example.COM', adkim: 's', aspf: 'r', p: 'reject', sp: 'quarantine', pct: null,
      np: 'reject', testing: 'y', discovery_method: 'treewalk', fo: '1',
    });
    expect(r.extensions).toEqual({ arc_summary: { sealed: '12', validated: '10' }, note: 'mixed' });
    expect(r.records).toEqual([{
      source_ip: '2001:db8::1', source_ip_valid: true, count: 7n, disposition: 'reject', policy_dkim: 'fail', policy_spf: 'fail',
      reasons: [{ type: 'policy_test_mode', comment: 't=y' }],
      header_from: 'example.com', envelope_from: 'bounce.example.net', envelope_to: 'example.com',
      dkim: [{ domain: 'example.net', selector: 's1', result: 'pass', human_result: 'good sig' }],
      spf: [{ domain: 'bounce.example.net', scope: 'mfrom', result: 'softfail', human_result: null }],
    }]);
    expect(r.warnings).toEqual([]);
    expect(summarise(r)).toMatchObject({ domain: 'Example.COM', p: 'reject', sp: 'quarantine', pct: null, messages: 7, dmarc_pass: 0 });
  });

  it('reads a default-namespace DMARCbis report the same as an RFC 7489 one', async () => {
    const plain = await parseBoth(reportXml());
    const bis = await parseBoth(reportXml().replace('<feedback>', '<feedback xmlns="urn:ietf:params:xml:ns:dmarc-2.0">'));
    expect(bis.namespace).toBe('urn:ietf:params:xml:ns:dmarc-2.0');
    expect({ ...bis, namespace: null }).toEqual(plain);
  });
});

describe('normalisation', () => {
  it('lower-cases and trims enum values and domains; keeps policy values as published', async () => {
    const r = await parseBoth(
      reportXml([{ disposition: ' Quarantine ', dkim: 'PASS', spf: 'Fail\t', headerFrom: ' Example.COM ' }])
        .replace('<p>none</p>', '<p> Reject </p>'),
    );
    expect(r.records[0]).toMatchObject({ disposition: 'quarantine', policy_dkim: 'pass', policy_spf: 'fail', header_from: 'example.com' });
    expect(r.policy_published.p).toBe('Reject');
    expect(summarise(r)).toMatchObject({ p: 'Reject', dmarc_pass: 1, dkim_aligned_pass: 1, spf_aligned_pass: 0 });
  });

  it('keeps and flags unknown values (SPF hardfail, odd disposition, empty reason); never fatal', async () => {
    const r = await parseBoth(reportXml([
      { disposition: 'pass', auth: '<spf><domain>x.example</domain><result>hardfail</result></spf>' },
      { evaluatedExtra: '<reason></reason>', auth: '<spf><domain>x.example</domain><result>HardFail</result></spf>' },
    ]));
    expect(r.records[0].disposition).toBe('pass');
    expect(r.records[0].spf[0].result).toBe('hardfail');
    expect(r.records[1].reasons).toEqual([{ type: null, comment: null }]);
    expect(r.warnings).toEqual([
      'record 1: unknown value "pass" in <policy_evaluated/disposition>',
      'record 2: empty <policy_evaluated/reason>',
      'records 1 and 1 more: unknown value "hardfail" in <auth_results/spf/result>',
    ]);
  });

  it('canonicalises source IPs, counts distinct ones once, keeps invalid ones as flagged text', async () => {
    const r = await parseBoth(reportXml([
      { ip: '2001:DB8::1' }, { ip: '2001:db8:0:0:0:0:0:1' }, { ip: ' 192.0.2.1 ' }, { ip: '192.0.2.1' },
      { ip: 'not-an-ip' }, { ip: '' }, { ip: '::ffff:198.51.100.7' },
    ]));
    expect(r.records.map((x) => [x.source_ip, x.source_ip_valid])).toEqual([
      ['2001:db8::1', true], ['2001:db8::1', true], ['192.0.2.1', true], ['192.0.2.1', true],
      ['not-an-ip', false], ['', false], ['::ffff:198.51.100.7', true],
    ]);
    expect(summarise(r).source_ips).toBe(4);
    expect(r.warnings).toContain('record 5: source_ip "not-an-ip" is not an IP address; kept as text');
    expect(r.warnings).toContain('record 6: empty <row/source_ip>');
  });

  it('tells absent (null) from present-but-empty ("") identifiers and policy values', async () => {
    const xml = reportXml([{}])
      .replace('<header_from>example.com</header_from>', '<envelope_from></envelope_from><header_from>example.com</header_from>')
      .replace('<sp>none</sp>', '<sp/>')
      .replace('<pct>100</pct>', '');
    const r = await parseBoth(xml);
    expect(r.records[0].envelope_from).toBe('');
    expect(r.records[0].envelope_to).toBeNull();
    expect(summarise(r)).toMatchObject({ sp: '', pct: null });
  });

  it('uses the first of repeated single elements and says so', async () => {
    const xml = reportXml([{}]).replace('<count>1</count>', '<count>1</count><count>9</count>').replace('<p>none</p>', '<p>none</p><p>reject</p>');
    const r = await parseBoth(xml);
    expect(r.records[0].count).toBe(1n);
    expect(r.policy_published.p).toBe('none');
    expect(r.warnings).toEqual(['duplicate <policy_published/p>: the first one is used', 'record 1: duplicate <row/count>: the first one is used']);
  });

  it('several dkim and spf results per record, and none at all', async () => {
    const r = await parseBoth(reportXml([
      { auth: '<dkim><domain>a.example</domain><result>pass</result></dkim><dkim><domain>b.example</domain><selector>s</selector><result>fail</result></dkim><spf><domain>a.example</domain><result>pass</result></spf><spf><domain>helo.example</domain><scope>helo</scope><result>none</result></spf>' },
      { auth: '' },
    ]));
    expect(r.records[0].dkim.map((d) => [d.domain, d.selector, d.result])).toEqual([['a.example', null, 'pass'], ['b.example', 's', 'fail']]);
    expect(r.records[0].spf.map((s) => [s.domain, s.scope, s.result])).toEqual([['a.example', null, 'pass'], ['helo.example', 'helo', 'none']]);
    expect(r.records[1]).toMatchObject({ dkim: [], spf: [] });
  });
});

describe('encodings and layout', () => {
  const withOrg = (org: string, prolog = '<?xml version="1.0" encoding="UTF-8"?>') =>
    reportXml([{}], { prolog }).replace('reporter.example</org_name>', `${org}</org_name>`);

  it('windows-1252 and ISO-8859-1 declarations are decoded', async () => {
    const cp1252 = Buffer.from(withOrg('Société Générale ?', '<?xml version="1.0" encoding="windows-1252"?>'), 'latin1');
    cp1252[cp1252.indexOf('?</org_name>')] = 0x80; // "€" in windows-1252
    expect((await parseBoth(cp1252)).metadata.org_name).toBe('Société Générale €');
    const latin1 = Buffer.from(withOrg('Société Générale', '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1');
    expect((await parseBoth(latin1)).metadata.org_name).toBe('Société Générale');
  });

  it('UTF-8 with a BOM, UTF-16 LE and BE with BOMs', async () => {
    const text = withOrg('Ünïcødé', '<?xml version="1.0" encoding="UTF-16"?>');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    const bom8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(withOrg('Ünïcødé'))]);
    for (const data of [le, be, bom8]) expect((await parseBoth(data)).metadata.org_name).toBe('Ünïcødé');
  });

  it('CRLF, tabs at line ends, no declaration, everything on one line', async () => {
    const base = await parseBoth(reportXml([{}, {}]));
    const variants = [
      reportXml([{}, {}]).replace(/\n/g, '\r\n'),
      reportXml([{}, {}]).replace(/\n/g, '\t\n'),
      reportXml([{}, {}], { prolog: '' }),
      reportXml([{}, {}]).replace(/\n\s*/g, ''),
    ];
    for (const v of variants) expect(await parseBoth(v)).toEqual(base);
  });

  it('entities and character references in values', async () => {
    const r = await parseBoth(withOrg('AT&amp;T &#x4D;ail &#233;'));
    expect(r.metadata.org_name).toBe('AT&T Mail é');
  });

  it('stray markup before <feedback> is dropped with a warning (seen in a real report)', async () => {
    const xml = reportXml().replace('<feedback>', '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">\n<feedback>');
    const r = await parseBoth(xml);
    expect(r.metadata.report_id).toBe('r-1');
    expect(r.warnings[0]).toMatch(/^markup before <feedback> was ignored/);
  });

  it('text that is not well-formed is refused with the position', async () => {
    const err = await refusedBoth(withOrg('<bad@example.com>'));
    expect(err.code).toBe('xml.malformed');
    expect(err.message).toMatch(/line 5/);
  });
});

describe('missing or broken header fields', () => {
  it.each([
    ['report_id', (x: string) => x.replace(/<report_id>[^<]*<\/report_id>/, ''), 'report.field_missing', /report_id/],
    ['domain', (x: string) => x.replace('<domain>example.com</domain>', '<domain> </domain>'), 'report.field_missing', /policy_published\/domain/],
    ['policy_published', (x: string) => x.replace(/<policy_published>.*<\/policy_published>/, ''), 'report.field_missing', /policy_published/],
    ['begin', (x: string) => x.replace('<begin>1700000000</begin>', '<begin>yesterday</begin>'), 'report.date_invalid', /"yesterday"/],
    ['end', (x: string) => x.replace('<end>1700086399</end>', ''), 'report.field_missing', /date_range\/end/],
  ])('%s', async (_name, edit, code, message) => {
    const err = await refusedBoth(edit(reportXml()));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
  });

  it('metadata and policy after the records are still read (streaming defers the header)', async () => {
    const xml = reportXml([{}, {}]);
    const head = /<version>[\s\S]*<\/policy_published>/.exec(xml)?.[0] ?? '';
    const reordered = xml.replace(head, '').replace('</feedback>', `${head}\n${recordXml()}</feedback>`);
    const r = await parseBoth(reordered);
    expect(r.records).toHaveLength(3);
    expect(r.metadata.report_id).toBe('r-1');
  });
});
