import { IngestError } from '@/lib/ingest/errors';

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the five predefined XML entities and character references, and refuses any other
 * entity: DOCTYPEs are refused, so no other entity can be defined, and a parser that left
 * "&foo;" in place would read text the streaming parser (saxes) rejects.
 */
export function decodeXmlEntities(text: string): string {
  let amp = text.indexOf('&');
  if (amp === -1) return text;
  let out = '';
  let last = 0;
  while (amp !== -1) {
    const semi = text.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > 12) throw badEntity(text.slice(amp, amp + 12));
    const name = text.slice(amp + 1, semi);
    out += text.slice(last, amp) + resolve(name);
    last = semi + 1;
    amp = text.indexOf('&', last);
  }
  return out + text.slice(last);
}

function resolve(name: string): string {
  const predefined = PREDEFINED[name];
  if (predefined !== undefined) return predefined;
  if (name.startsWith('#')) {
    const hex = name[1] === 'x';
    const digits = hex ? name.slice(2) : name.slice(1);
    const valid = hex ? /^[0-9a-fA-F]+$/.test(digits) : /^[0-9]+$/.test(digits);
    const code = valid ? Number.parseInt(digits, hex ? 16 : 10) : NaN;
    if (isXmlChar(code)) return String.fromCodePoint(code);
  }
  throw badEntity(`&${name};`);
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

function badEntity(ref: string): IngestError {
  return new IngestError('xml.malformed', `XML not well-formed: undefined entity or stray '&' (${JSON.stringify(ref)}); escape '&' as '&amp;'.`);
}

/** fast-xml-parser's entity decoder interface, backed by the strict decoder above. */
export const fxpEntityDecoder = {
  setExternalEntities: (): void => {},
  addInputEntities: (): void => {
    // Unreachable: DOCTYPEs are refused before parsing, so no document can declare entities.
    throw new IngestError('xml.doctype', 'XML entity declarations are refused.');
  },
  reset: (): void => {},
  decode: decodeXmlEntities,
  setXmlVersion: (): void => {},
};
