import { simpleParser, type ParsedMail } from 'mailparser';
import { DIAGNOSE_LIMITS } from './limits';
import { notificationPart, quotedHeaders } from './original-message';

/** The pieces of a bounce the diagnosis reads, whatever form it came in. */
export interface TBounceParts {
  input: 'eml' | 'text';
  /** The human-readable notification, without the quoted original message. */
  notification: string;
  /** The delivery-status text (RFC 3464), or the pasted text to look for its fields in. */
  deliveryStatus: string | null;
  /** The returned message's header section. */
  originalHeaders: string | null;
  /** Exim's X-Failed-Recipients: header of the bounce itself. */
  failedRecipients: string | null;
  /** A message attached whole (a forwarded bounce), read when the outer one says nothing. */
  embedded: Buffer | null;
}

const MESSAGE_HEADERS = /^(received|from|to|subject|date|message-id|mime-version|content-type|return-path|delivered-to|x-failed-recipients|auto-submitted|envelope-to|x-original-to|dkim-signature|authentication-results|x-[a-z0-9-]{1,60})$/;
const DSN_FIELDS = /^(reporting-mta|final-recipient|original-recipient|diagnostic-code|remote-mta|action|status|arrival-date)$/;

/** A whole message (or mbox entry) rather than text copied from a mail client. */
export function looksLikeMessage(head: string): boolean {
  const lines = head.split(/\r?\n/, 200);
  let i = 0;
  if (/^From \S/.test(lines[0] ?? '')) i = 1; // mbox separator line
  let known = 0;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line)) continue;
    const m = /^([!-9;-~]{1,76}):/.exec(line);
    if (!m) return false;
    const name = m[1].toLowerCase();
    if (DSN_FIELDS.test(name)) return false; // a pasted delivery-status block
    if (MESSAGE_HEADERS.test(name)) known++;
  }
  return known > 0;
}

export async function readBounce(input: Buffer): Promise<TBounceParts> {
  const head = input.subarray(0, 16 * 1024).toString('latin1');
  if (!looksLikeMessage(head)) return fromText(input.toString('utf8'));
  let mail: ParsedMail;
  try {
    mail = await simpleParser(input, {
      // Nested messages stay whole: the returned original is read for its headers only.
      ignoreEmbedded: true,
      keepDeliveryStatus: true,
      checksumAlgo: false,
      skipTextToHtml: true,
      skipImageLinks: true,
      skipTextLinks: true,
    });
  } catch {
    // Not parseable as MIME after all: what a person can read is still text.
    return fromText(input.toString('utf8'));
  }
  const byType = (types: string[]) => mail.attachments.find((a) => types.includes(a.contentType.toLowerCase()));
  const dsn = byType(['message/delivery-status', 'message/global-delivery-status']);
  const original = byType(['message/rfc822', 'message/global', 'text/rfc822-headers', 'message/rfc822-headers', 'text/rfc822-header']);
  const text = (mail.text ?? '').slice(0, DIAGNOSE_LIMITS.maxTextChars);
  const failed = mail.headers.get('x-failed-recipients');
  return {
    input: 'eml',
    notification: notificationPart(text),
    deliveryStatus: dsn ? dsn.content.toString('utf8').slice(0, DIAGNOSE_LIMITS.maxTextChars) : null,
    originalHeaders: original ? headerSection(original.content) : quotedHeaders(text),
    failedRecipients: typeof failed === 'string' ? failed : null,
    embedded: original && !dsn && original.contentType.toLowerCase() !== 'text/rfc822-headers' ? original.content : null,
  };
}

function fromText(text: string): TBounceParts {
  const bounded = text.slice(0, DIAGNOSE_LIMITS.maxTextChars);
  return {
    input: 'text',
    notification: notificationPart(bounded),
    deliveryStatus: bounded,
    originalHeaders: quotedHeaders(bounded),
    failedRecipients: null,
    embedded: null,
  };
}

/** The header section of a message: up to the first empty line. */
function headerSection(content: Buffer): string {
  const text = content.subarray(0, DIAGNOSE_LIMITS.maxHeaderChars).toString('utf8');
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}
