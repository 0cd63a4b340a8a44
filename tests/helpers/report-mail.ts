import { readFileSync } from 'node:fs';
import path from 'node:path';
// nodemailer's MIME builder on its own: a report e-mail as a reporter would send it.
import MailComposer from 'nodemailer/lib/mail-composer';

export const CORPUS_DIR = process.env.ATLAS_CORPUS_DIR ?? '/work/shared/corpus/reports';

export interface CorpusEntry {
  file: string;
  container: string;
  malformed: string | null;
  reports: Array<{ org_name: string; report_id: string; domain: string; begin: number; end: number }>;
}

export function corpusManifest(): CorpusEntry[] {
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, '..', 'manifest.json'), 'utf8')) as CorpusEntry[];
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
