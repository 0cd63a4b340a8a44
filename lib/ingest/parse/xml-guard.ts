import { IngestError } from '@/lib/ingest/errors';
import { AsciiFastDecoder } from './ascii-fast-decoder';
import { decodeXmlEntities } from './xml-entities';

/**
 * Everything that happens to an XML report before a parser sees it, shared by the
 * fast-xml-parser path and the streaming path so both read exactly the same text:
 * byte order mark and declared encoding → text; DOCTYPE/ENTITY refused (billion laughs,
 * XXE); the prolog skipped; stray markup before <feedback> repaired; the namespace of
 * <feedback> read from its start tag.
 */

export interface EncodingInfo {
  /** A label TextDecoder understands. */
  encoding: string;
  /** Bytes of byte order mark to skip. */
  bomLength: number;
  warnings: string[];
}

/** How many leading bytes are enough to find a BOM and an XML declaration. */
export const ENCODING_SNIFF_BYTES = 1024;

export function sniffEncoding(head: Uint8Array): EncodingInfo {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3, warnings: [] };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2, warnings: [] };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2, warnings: [] };
  if (head[0] === 0x3c && head[1] === 0 && head[2] !== 0) return { encoding: 'utf-16le', bomLength: 0, warnings: [] };
  if (head[0] === 0 && head[1] === 0x3c) return { encoding: 'utf-16be', bomLength: 0, warnings: [] };
  const ascii = Buffer.from(head.buffer, head.byteOffset, Math.min(head.length, ENCODING_SNIFF_BYTES)).toString('latin1');
  const m = /^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(ascii);
  if (!m) return { encoding: 'utf-8', bomLength: 0, warnings: [] };
  const declared = m[1];
  if (/^utf-?16/i.test(declared)) {
    // Declared UTF-16 but the bytes are 8-bit (the check above found no UTF-16 pattern).
    return { encoding: 'utf-8', bomLength: 0, warnings: [`the XML declaration says encoding="${declared}" but the data is 8-bit; read as UTF-8`] };
  }
  try {
    const encoding = new TextDecoder(declared).encoding;
    return { encoding, bomLength: 0, warnings: [] };
  } catch {
    throw new IngestError('xml.encoding', `The XML declares encoding "${declared}", which is not a known character encoding; re-encode the report as UTF-8.`);
  }
}

export interface XmlDecoder {
  decode(bytes: Uint8Array, options?: { stream?: boolean }): string;
}

/** Unicode for bytes 0x80–0x9F in windows-1252 (0 where the byte is undefined and stays as is). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Node's TextDecoder decodes windows-1252 (the WHATWG target of "iso-8859-1", "latin1" and
 * "us-ascii" too) as ISO-8859-1, turning "€" (0x80) and curly quotes into C1 controls;
 * reports declaring windows-1252 are real, so those 32 bytes are mapped here.
 */
const windows1252: XmlDecoder = {
  decode(bytes) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
    return text.replace(/[\x80-\x9f]/g, (c) => String.fromCharCode(CP1252_HIGH[c.charCodeAt(0) - 0x80] || c.charCodeAt(0)));
  },
};

export function createXmlDecoder(encoding: string): XmlDecoder {
  if (encoding === 'windows-1252') return windows1252;
  return encoding === 'utf-8' ? new AsciiFastDecoder() : new TextDecoder(encoding);
}

/** Decodes a whole XML document to text (the fast path). */
export function decodeXml(data: Uint8Array): { text: string; warnings: string[] } {
  const info = sniffEncoding(data.subarray(0, ENCODING_SNIFF_BYTES));
  const text = createXmlDecoder(info.encoding).decode(data.subarray(info.bomLength));
  return { text, warnings: [...info.warnings, ...replacementWarning(text, info.encoding)] };
}

export function replacementWarning(text: string, encoding: string): string[] {
  return text.includes('\uFFFD') ? [`bytes that are not valid ${encoding} were replaced with U+FFFD`] : [];
}

export interface Prolog {
  /** Index of the "<" of the <feedback> start tag: parsers are given the text from here. */
  start: number;
  /** Qualified name of the root as written ("feedback" or "dmarc:feedback"). */
  qname: string;
  /** Namespace URI of <feedback>, or null when it has none. */
  namespace: string | null;
  /** Something other than a declaration, comment or processing instruction preceded <feedback> and was dropped. */
  repaired: boolean;
  warnings: string[];
}

/** <feedback> must start within this many characters; a report's prolog is a few hundred at most. */
export const PROLOG_MAX_CHARS = 64 * 1024;

/**
 * Walks the prolog up to the <feedback> start tag. Returns null when `text` ends before the
 * answer is known and more may come (`final` false). Throws for DOCTYPE/ENTITY declarations,
 * for documents whose root is not <feedback>, and for empty documents.
 *
 * Leniency: markup or text before <feedback> (seen in real reports: an unclosed
 * <xs:schema ...> tag pasted before the report) is dropped with a warning, and the parsers
 * stop at the matching </feedback>. Both paths apply the same repair.
 */
export function scanProlog(text: string, final: boolean): Prolog | null {
  const limit = Math.min(text.length, PROLOG_MAX_CHARS);
  let i = 0;
  let stray: string | null = null;
  let firstElement: string | null = null;
  const needMore = (): null => {
    if (!final && text.length < PROLOG_MAX_CHARS) return null;
    if (firstElement) throw notDmarc(firstElement);
    if (text.trim().length === 0) throw new IngestError('xml.malformed', 'The XML document is empty.');
    throw new IngestError('xml.malformed', 'No XML element found: this is not a DMARC aggregate report.');
  };
  while (i < limit) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    if (c !== 0x3c /* < */) {
      stray ??= JSON.stringify(text.slice(i, i + 40));
      const lt = text.indexOf('<', i);
      if (lt === -1) return needMore();
      i = lt;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end === -1) return needMore();
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end === -1) return needMore();
      i = end + 3;
      continue;
    }
    if (text.startsWith('<!', i)) {
      if (/^<!\[CDATA\[/.test(text.slice(i, i + 9))) {
        stray ??= 'a CDATA section';
        const end = text.indexOf(']]>', i);
        if (end === -1) return needMore();
        i = end + 3;
        continue;
      }
      throw refusedDtd(text.slice(i, i + 9));
    }
    const tagEnd = findTagEnd(text, i);
    if (tagEnd === -1) return needMore();
    const tag = text.slice(i, tagEnd + 1);
    const qname = /^<\/?([^\s/>]+)/.exec(tag)?.[1] ?? '';
    if (tag[1] !== '/' && localName(qname) === 'feedback') {
      const warnings = stray
        ? [`markup before <feedback> was ignored (${stray}); the report was read without it`]
        : [];
      return { start: i, qname, namespace: namespaceOf(tag, qname), repaired: stray !== null, warnings };
    }
    firstElement ??= qname;
    stray ??= JSON.stringify(tag.length > 80 ? `${tag.slice(0, 80)}…` : tag);
    i = tagEnd + 1;
  }
  return needMore();
}

/** Index of the ">" closing the tag that starts at `start`, skipping quoted attribute values. */
function findTagEnd(text: string, start: number): number {
  let quote = 0;
  for (let j = start + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) {
      quote = c;
    } else if (c === 0x3e) {
      return j;
    }
  }
  return -1;
}

export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

function namespaceOf(tag: string, qname: string): string | null {
  const colon = qname.indexOf(':');
  const wanted = colon === -1 ? 'xmlns' : `xmlns:${qname.slice(0, colon)}`;
  const attr = /\s([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = attr.exec(tag); m; m = attr.exec(tag)) {
    if (m[1] === wanted) {
      const value = decodeXmlEntities(m[2] ?? m[3] ?? '').trim();
      return value === '' ? null : value;
    }
  }
  return null;
}

/** Refuses anything that declares a DTD or entities, wherever a parser meets it. */
export function refusedDtd(found: string): IngestError {
  return new IngestError(
    'xml.doctype',
    `XML with a DOCTYPE or entity declaration is refused (found ${JSON.stringify(found.trim())}): DMARC reports never need one, and entity expansion is how XML bombs and external-entity attacks work.`,
  );
}

function notDmarc(root: string): IngestError {
  return new IngestError(
    'xml.not_dmarc',
    `Not a DMARC aggregate report: the root element is <${root}>, not <feedback>.`,
  );
}

/** fast path: fails if `text` has a DTD or entity declaration anywhere (not only in the prolog). */
export function assertNoDtd(text: string): void {
  const m = /<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST)/i.exec(text);
  if (m) throw refusedDtd(m[0]);
}

/** Line breaks before `end`: parsers see the text from <feedback>, people count from the top. */
export function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
