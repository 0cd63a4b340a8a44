import hljs from 'highlight.js/lib/core';
import xmlLanguage from 'highlight.js/lib/languages/xml';
import xmlFormat from 'xml-formatter';

hljs.registerLanguage('xml', xmlLanguage);

/** Above this a report is shown as received, not re-indented (formatting costs time and memory per byte). */
export const PRETTY_MAX_BYTES = 128 * 1024;
/** XML with at least one line break per this many characters is already laid out for reading. */
const CHARS_PER_LINE_WHEN_INDENTED = 400;

const DECLARED = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/;

/**
 * The text of report bytes: by their BOM, else the encoding their XML declaration names, else
 * UTF-8. Undecodable bytes become U+FFFD (this is for reading, the download keeps the bytes).
 */
export function decodeXml(bytes: Uint8Array): string {
  let label = 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  else if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    label = DECLARED.exec(head)?.[1] ?? 'utf-8';
  }
  try {
    return new TextDecoder(label).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export interface TXmlDisplay {
  /** Highlighted, escaped HTML (spans with hljs-* classes): the XML is the reporter's, never trusted. */
  html: string;
  /** Re-indented for reading (small, complete reports); else shown as received. */
  pretty: boolean;
  lines: number;
}

/**
 * A report's XML for the page: pretty-printed when it is complete, small enough and not laid
 * out already (most reporters indent theirs; some send one long line), and syntax-highlighted. highlight.js escapes every character of the input (`<`, `&`, quotes), so
 * the result is safe to insert; a prefix of a huge report (not well-formed) is highlighted as is.
 */
export function xmlForDisplay(bytes: Uint8Array, complete: boolean): TXmlDisplay {
  const text = decodeXml(bytes).replace(/^\uFEFF/, '');
  let shown = text;
  let pretty = false;
  const breaks = text.split('\n').length - 1;
  if (complete && bytes.length <= PRETTY_MAX_BYTES && breaks < text.length / CHARS_PER_LINE_WHEN_INDENTED) {
    // throwOnFailure false: XML the formatter cannot read (odd but accepted by our parser) is shown as received.
    const formatted = xmlFormat(text, { indentation: '  ', collapseContent: true, lineSeparator: '\n', throwOnFailure: false });
    pretty = formatted !== text;
    shown = formatted;
  }
  const html = hljs.highlight(shown, { language: 'xml', ignoreIllegals: true }).value;
  return { html, pretty, lines: shown.split('\n').length };
}
