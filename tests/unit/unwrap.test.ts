import zlib from 'node:zlib';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { describe, expect, it } from 'vitest';
import { detectContainer } from '@/lib/ingest/containers/detect';
import { DEFAULT_LIMITS } from '@/lib/ingest/limits';
import { parseFile } from '@/lib/ingest/parse-file';
import { isFailure, unwrap, type UnwrapItem } from '@/lib/ingest/containers/unwrap';
import { reportXml } from './fixtures/reports';
import { makeZip } from './fixtures/zip-writer';

/**
 * Reports arrive wrapped every way real reporters wrap them; each is found by content, with
 * a path saying where it was, whatever the MIME type, transfer encoding or nesting.
 */

const xmlA = reportXml([{}], { reportId: 'report-a' });
const xmlB = reportXml([{}, { ip: '2001:DB8::1' }], { reportId: 'report-b' });

function compose(options: Mail.Options): Promise<Buffer> {
  return new MailComposer({ from: 'noreply-dmarc@reporter.example', to: 'dmarc@example.com', subject: 'Report domain: example.com', ...options })
    .compile()
    .build();
}

async function found(input: Buffer, name: string): Promise<Array<{ path: string; reportId: string }>> {
  const items: UnwrapItem[] = await unwrap(input, name, DEFAULT_LIMITS);
  expect(items.filter(isFailure).map((f) => f.error.message)).toEqual([]);
  return items.map((i) => ({ path: i.path, reportId: /<report_id>([^<]*)</.exec(isFailure(i) ? '' : String(i.xml.bytes))?.[1] ?? '' }));
}

describe('plain files', () => {
  it('detects containers by content, never by name', () => {
    expect(detectContainer(Buffer.from(xmlA))).toBe('xml');
    expect(detectContainer(Buffer.from(`\uFEFF  \r\n${xmlA}`))).toBe('xml');
    expect(detectContainer(Buffer.from(`\uFEFF${xmlA}`, 'utf16le'))).toBe('xml');
    expect(detectContainer(zlib.gzipSync(xmlA))).toBe('gzip');
    expect(detectContainer(makeZip([{ name: 'a.xml', data: Buffer.from(xmlA) }]))).toBe('zip');
    expect(detectContainer(Buffer.from('Return-Path: <a@b.c>\r\nSubject: x\r\n\r\nbody'))).toBe('eml');
    expect(detectContainer(Buffer.from('From a@b.c Thu Jan  1 00:00:00 2025\nSubject: x\n\nbody\n'))).toBe('mbox');
    expect(detectContainer(Buffer.from('hello: world\n\nnot a mail'))).toBe('unknown');
    expect(detectContainer(Buffer.from('just text'))).toBe('unknown');
  });

  it('reads a gzip whatever it is called, taking the inner name from the gzip header', async () => {
    const gz = zlib.gzipSync(xmlA);
    expect(await found(gz, 'report.xml')).toEqual([{ path: 'report.xml › report.xml', reportId: 'report-a' }]);
  });

  it('reads concatenated gzip members and ignores trailing bytes after the gzip data', async () => {
    const half = xmlA.length >> 1;
    const gz = Buffer.concat([zlib.gzipSync(xmlA.slice(0, half)), zlib.gzipSync(xmlA.slice(half)), Buffer.from('\0\0garbage\n')]);
    expect(await found(gz, 'r.xml.gz')).toEqual([{ path: 'r.xml.gz › r.xml', reportId: 'report-a' }]);
  });

  it('reads every report of a zip with several entries, skipping macOS resource forks', async () => {
    const zip = makeZip([
      { name: 'a.xml', data: Buffer.from(xmlA) },
      { name: '__MACOSX/._a.xml', data: Buffer.from([0, 5, 22, 7]) },
      { name: 'b.xml.gz', data: zlib.gzipSync(xmlB) },
    ]);
    expect(await found(zip, 'reports.zip')).toEqual([
      { path: 'reports.zip › a.xml', reportId: 'report-a' },
      { path: 'reports.zip › b.xml.gz › b.xml', reportId: 'report-b' },
    ]);
  });
});

describe('e-mail', () => {
  it('gzip sent as application/octet-stream', async () => {
    const mail = await compose({ text: 'report attached', attachments: [{ filename: 'report.xml.gz', content: zlib.gzipSync(xmlA), contentType: 'application/octet-stream' }] });
    expect(await found(mail, 'mail.eml')).toEqual([{ path: 'mail.eml › report.xml.gz › report.xml', reportId: 'report-a' }]);
  });

  for (const type of ['application/gzip', 'application/x-gzip']) {
    it(`gzip sent as ${type}`, async () => {
      const mail = await compose({ attachments: [{ filename: 'r.gz', content: zlib.gzipSync(xmlA), contentType: type }] });
      expect((await found(mail, 'm.eml')).map((r) => r.reportId)).toEqual(['report-a']);
    });
  }

  for (const type of ['application/zip', 'application/x-zip-compressed']) {
    it(`zip sent as ${type}`, async () => {
      const zip = makeZip([{ name: 'example.com!1700000000!1700086399.xml', data: Buffer.from(xmlA) }]);
      const mail = await compose({ attachments: [{ filename: 'report.zip', content: zip, contentType: type }] });
      expect(await found(mail, 'm.eml')).toEqual([{ path: 'm.eml › report.zip › example.com!1700000000!1700086399.xml', reportId: 'report-a' }]);
    });
  }

  for (const type of ['text/xml', 'application/xml']) {
    it(`plain XML attached as ${type}, base64`, async () => {
      const mail = await compose({ attachments: [{ filename: 'r.xml', content: xmlA, contentType: type, contentTransferEncoding: 'base64' }] });
      expect((await found(mail, 'm.eml')).map((r) => r.reportId)).toEqual(['report-a']);
    });
  }

  it('quoted-printable text/xml inline part', async () => {
    const mail = await compose({
      text: 'see below',
      attachments: [{ content: xmlA, contentType: 'text/xml', contentDisposition: 'inline', contentTransferEncoding: 'quoted-printable' }],
    });
    expect(mail.toString()).toContain('Content-Transfer-Encoding: quoted-printable');
    expect((await found(mail, 'qp.eml')).map((r) => r.reportId)).toEqual(['report-a']);
  });

  it('nested multiparts: mixed › alternative text/html, related image, two reports', async () => {
    const mail = await compose({
      text: 'Aggregate reports attached.',
      html: '<p>Aggregate reports attached. <img src="cid:logo@reporter"></p>',
      attachments: [
        { filename: 'logo.png', cid: 'logo@reporter', content: Buffer.from('89504e470d0a1a0a', 'hex'), contentType: 'image/png' },
        { filename: 'a.xml.gz', content: zlib.gzipSync(xmlA), contentType: 'application/gzip' },
        { filename: 'b.zip', content: makeZip([{ name: 'b.xml', data: Buffer.from(xmlB) }]), contentType: 'application/zip' },
      ],
    });
    expect(mail.toString()).toMatch(/multipart\/alternative[\s\S]*multipart\/related|multipart\/related[\s\S]*multipart\/alternative/);
    expect(await found(mail, 'nested.eml')).toEqual([
      { path: 'nested.eml › a.xml.gz › a.xml', reportId: 'report-a' },
      { path: 'nested.eml › b.zip › b.xml', reportId: 'report-b' },
    ]);
  });

  it('a report inside an attached message/rfc822 (a forwarded report)', async () => {
    const inner = await compose({ attachments: [{ filename: 'inner.xml.gz', content: zlib.gzipSync(xmlB), contentType: 'application/gzip' }] });
    const outer = await compose({ subject: 'Fwd: Report', text: 'FYI', attachments: [{ filename: 'original.eml', content: inner, contentType: 'message/rfc822' }] });
    expect(await found(outer, 'fwd.eml')).toEqual([{ path: 'fwd.eml › original.eml › inner.xml.gz › inner.xml', reportId: 'report-b' }]);
  });

  it('a single-part message whose whole body is the report (base64 zip)', async () => {
    const zip = makeZip([{ name: 'r.xml', data: Buffer.from(xmlA) }]);
    const mail = Buffer.from(
      'From: noreply-dmarc-support@google.com\r\nTo: dmarc@example.com\r\nSubject: Report domain: example.com\r\n' +
        'MIME-Version: 1.0\r\nContent-Type: application/zip; name="google.com!example.com!1700000000!1700086399.zip"\r\n' +
        `Content-Transfer-Encoding: base64\r\n\r\n${zip.toString('base64').replace(/.{76}/g, '$&\r\n')}\r\n`,
    );
    expect(await found(mail, 'single.eml')).toEqual([
      { path: 'single.eml › google.com!example.com!1700000000!1700086399.zip › r.xml', reportId: 'report-a' },
    ]);
  });

  it('a single-part message whose text body is the XML (charset re-encoded)', async () => {
    const latin = reportXml([{}], { reportId: 'café', prolog: '<?xml version="1.0" encoding="ISO-8859-1"?>' });
    const mail = Buffer.concat([
      Buffer.from('From: a@reporter.example\r\nTo: dmarc@example.com\r\nSubject: Report\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n'),
      Buffer.from(latin, 'latin1'),
    ]);
    const [result] = await parseFile(mail, 'body.eml', DEFAULT_LIMITS);
    expect(result).toMatchObject({ file: 'body.eml', report_id: 'café', records: 1 });
  });
});

describe('mbox', () => {
  it('splits an mbox of 3 messages and unwraps each', async () => {
    const messages = await Promise.all([
      compose({ attachments: [{ filename: 'a.xml.gz', content: zlib.gzipSync(xmlA), contentType: 'application/gzip' }] }),
      compose({ text: 'From the reporter: no report in this one.\n>From quoted' }),
      compose({ attachments: [{ filename: 'b.zip', content: makeZip([{ name: 'b.xml', data: Buffer.from(xmlB) }]), contentType: 'application/zip' }] }),
    ]);
    const mbox = Buffer.concat(
      messages.flatMap((m, i) => [Buffer.from(`From dmarc@reporter.example Mon Jan  ${i + 1} 00:00:00 2025\n`), m, Buffer.from('\n\n')]),
    );
    expect(detectContainer(mbox)).toBe('mbox');
    const items = await unwrap(mbox, 'inbox.mbox', DEFAULT_LIMITS);
    expect(items.map((i) => [i.path, isFailure(i) ? i.error.code : 'xml'])).toEqual([
      ['inbox.mbox › message 1 › a.xml.gz › a.xml', 'xml'],
      ['inbox.mbox › message 2', 'no_report'],
      ['inbox.mbox › message 3 › b.zip › b.xml', 'xml'],
    ]);
  });
});
