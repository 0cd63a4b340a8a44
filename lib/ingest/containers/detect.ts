/**
 * Container detection by content. File names lie (".xml" files that are gzip, ".txt" files
 * that are e-mails, attachments called "report" with no extension), so only bytes count.
 */
export type Container = 'xml' | 'gzip' | 'zip' | 'eml' | 'mbox' | 'unknown';

const SNIFF_BYTES = 64 * 1024;

export function detectContainer(data: Uint8Array): Container {
  if (data.length === 0) return 'unknown';
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return 'gzip';
  if (isZip(data)) return 'zip';
  if (looksLikeXml(data)) return 'xml';
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, SNIFF_BYTES)).toString('latin1');
  if (head.startsWith('From ')) return 'mbox';
  if (looksLikeMessage(head)) return 'eml';
  return 'unknown';
}

function isZip(d: Uint8Array): boolean {
  if (d.length < 4 || d[0] !== 0x50 || d[1] !== 0x4b) return false;
  // Local file header, empty archive (end of central directory only), spanned-archive marker.
  return (d[2] === 3 && d[3] === 4) || (d[2] === 5 && d[3] === 6) || (d[2] === 7 && d[3] === 8);
}

function looksLikeXml(d: Uint8Array): boolean {
  // UTF-16 with a BOM or with "<" as its first character.
  if (d.length >= 2 && ((d[0] === 0xff && d[1] === 0xfe) || (d[0] === 0xfe && d[1] === 0xff))) return true;
  if (d.length >= 4 && d[0] === 0x3c && d[1] === 0 && d[2] !== 0) return true;
  if (d.length >= 4 && d[0] === 0 && d[1] === 0x3c && d[3] !== 0) return true;
  let i = d.length >= 3 && d[0] === 0xef && d[1] === 0xbb && d[2] === 0xbf ? 3 : 0;
  while (i < d.length && (d[i] === 0x20 || d[i] === 0x09 || d[i] === 0x0a || d[i] === 0x0d)) i++;
  if (i >= d.length - 1 || d[i] !== 0x3c) return false;
  const next = d[i + 1];
  // "<?xml", "<!--", "<!DOCTYPE" or a start tag; anything else after "<" is not XML.
  return next === 0x3f || next === 0x21 || isNameStart(next);
}

function isNameStart(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a || c >= 0x80;
}

/** Header names that make us confident a block of "Name: value" lines is a mail header. */
const MAIL_HEADERS = new Set([
  'from', 'to', 'cc', 'subject', 'date', 'received', 'message-id', 'mime-version', 'content-type',
  'content-transfer-encoding', 'return-path', 'delivered-to', 'envelope-to', 'reply-to', 'sender',
  'dkim-signature', 'authentication-results', 'arc-seal', 'arc-message-signature',
  'arc-authentication-results', 'x-original-to', 'received-spf', 'thread-topic', 'thread-index',
]);

/**
 * RFC 5322: the text up to the first empty line is header fields ("Name: value", continued
 * by lines starting with white space); at least one must be a field mail actually carries.
 */
function looksLikeMessage(head: string): boolean {
  const end = head.search(/\r?\n\r?\n/);
  const block = end === -1 ? head : head.slice(0, end);
  const lines = block.split(/\r?\n/);
  let known = false;
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    // The last line of a truncated sniff window may be cut mid-way: don't judge it.
    if (end === -1 && n === lines.length - 1 && n > 0) break;
    if (line.length > 0 && (line[0] === ' ' || line[0] === '\t')) {
      if (n === 0) return false;
      continue;
    }
    const m = /^([!-9;-~]+):/.exec(line);
    if (!m) return false;
    if (MAIL_HEADERS.has(m[1].toLowerCase()) || /^x-/i.test(m[1])) known = true;
  }
  return known;
}
