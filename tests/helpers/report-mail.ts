import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
// nodemailer's MIME builder on its own: a report e-mail as a reporter would send it.
import MailComposer from 'nodemailer/lib/mail-composer';
import { reportXml } from '../unit/fixtures/reports';
import { makeZip } from '../unit/fixtures/zip-writer';

// The shared corpus of real reports next to the checkout (as tests/unit/corpus.test.ts finds it).
export const CORPUS_DIR = path.resolve(import.meta.dirname, '../..', '../shared/corpus/reports');
export const haveCorpus = existsSync(path.join(CORPUS_DIR, '..', 'manifest.json'));

export interface CorpusEntry {
  file: string;
  container: string;
  malformed: string | null;
  reports: Array<{ org_name: string; report_id: string; domain: string; begin: number; end: number }>;
}

export function corpusManifest(): CorpusEntry[] {
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, '..', 'manifest.json'), 'utf8')) as CorpusEntry[];
}

/**
 * `count` clean single-report files of one container kind whose reports are distinct (also from
 * those already in `seen`, shared across calls).
 */
export function pickCorpus(container: 'xml' | 'gzip' | 'zip' | 'eml', count: number, seen = new Set<string>()): CorpusEntry[] {
  const picked: CorpusEntry[] = [];
  for (const entry of corpusManifest()) {
    if (entry.container !== container || entry.malformed !== null || entry.reports.length !== 1) continue;
    const r = entry.reports[0];
    const key = [r.org_name, r.report_id, r.domain, r.begin, r.end].join('|');
    if (seen.has(key)) continue;
    seen.add(key);
    picked.push(entry);
    if (picked.length === count) break;
  }
  return picked;
}

export function corpusFile(file: string): Buffer {
  return readFileSync(path.join(CORPUS_DIR, file));
}

const MIME: Record<string, string> = {
  xml: 'text/xml',
  gz: 'application/gzip',
  zip: 'application/zip',
};

/** A raw RFC 5322 message carrying `bytes` as an attachment named `filename`. */
export async function reportMail(filename: string, bytes: Buffer, options: { subject?: string; messageId?: string } = {}): Promise<Buffer> {
  const ext = filename.split('.').at(-1) ?? 'xml';
  const mail = new MailComposer({
    from: 'noreply-dmarc-support@google.com',
    to: 'dmarc@example.com',
    subject: options.subject ?? `Report domain: example.com Submitter: google.com Report-ID: ${filename}`,
    messageId: options.messageId,
    text: 'This is an aggregate report from google.com.',
    attachments: [{ filename, content: bytes, contentType: MIME[ext] ?? 'application/octet-stream' }],
  });
  return mail.compile().build();
}

/** A message with no report in it (a newsletter, a bounce, a person writing to rua@). */
export async function junkMail(n: number): Promise<Buffer> {
  const mail = new MailComposer({
    from: 'someone@example.org',
    to: 'dmarc@example.com',
    subject: `Hello ${n}`,
    text: `Not a report, just mail number ${n}.`,
  });
  return mail.compile().build();
}

/** A corpus file as mail: .eml as-is, anything else as the attachment of a composed message. */
export async function corpusMail(file: string): Promise<Buffer> {
  const bytes = corpusFile(file);
  if (file.endsWith('.eml')) return bytes;
  return reportMail(file, bytes);
}

/**
 * A unique aggregate report (its own report_id) in a rotating container — .xml, .xml.gz, .zip
 * attachments — so that a test can count reports exactly: any duplicate would show.
 */
export async function syntheticReportMail(prefix: string, n: number): Promise<Buffer> {
  const xml = Buffer.from(reportXml([{ ip: `192.0.2.${(n % 250) + 1}`, count: String(n + 1) }], { reportId: `${prefix}-${n}` }));
  const name = `reporter.example!example.com!1700000000!1700086399!${prefix}-${n}`;
  switch (n % 3) {
    case 0:
      return reportMail(`${name}.xml`, xml);
    case 1:
      return reportMail(`${name}.xml.gz`, gzipSync(xml));
    default:
      return reportMail(`${name}.zip`, makeZip([{ name: `${name}.xml`, data: xml }]));
  }
}
