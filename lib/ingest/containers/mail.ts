import { simpleParser } from 'mailparser';
import { IngestError } from '@/lib/ingest/errors';

export interface MailPart {
  /** The part's file name, or a description such as "part 1.2" when it has none. */
  name: string;
  contentType: string;
  content: Buffer;
  /** True for the message's text body (not an attachment): only an XML body counts as a report. */
  isBody: boolean;
}

/**
 * The parts of one e-mail that may carry a report: every attachment or inline non-text part
 * (whatever its MIME type — reporters use application/gzip, application/octet-stream,
 * text/xml and more), and the plain text body, for reporters that put the XML in the body.
 * Embedded message/rfc822 parts come back whole (as attachments) so that the caller unwraps
 * them like any other message and counts them in the nesting depth.
 */
export async function mailParts(input: Buffer, label: string): Promise<MailPart[]> {
  let mail;
  try {
    mail = await simpleParser(input, {
      ignoreEmbedded: true,
      checksumAlgo: false,
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
      keepCidLinks: true,
    });
  } catch (err) {
    throw new IngestError('mail.corrupt', `${label}: cannot read the e-mail (${err instanceof Error ? err.message : String(err)}).`, { cause: err });
  }
  const parts: MailPart[] = mail.attachments.map((a, i) => ({
    name: a.filename ?? (a.partId ? `part ${a.partId}` : `attachment ${i + 1}`),
    contentType: a.contentType,
    content: a.content,
    isBody: false,
  }));
  // Only a body that starts like a report counts: text bodies often start with "<https://…>".
  if (mail.text && /^\s*<(\?xml|([\w.-]+:)?feedback[\s>])/.test(mail.text)) {
    parts.push({ name: 'body', contentType: 'text/plain', content: bodyAsUtf8Xml(mail.text), isBody: true });
  }
  return parts;
}

/**
 * mailparser has already decoded the body's charset into a string; re-encoding it as UTF-8
 * means the XML declaration's encoding no longer describes the bytes, so it is rewritten.
 */
function bodyAsUtf8Xml(text: string): Buffer {
  const fixed = text.trimStart().replace(/^(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2/, '$1$2UTF-8$2');
  return Buffer.from(fixed, 'utf8');
}
