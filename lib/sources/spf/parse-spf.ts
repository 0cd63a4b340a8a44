// SPF record syntax (RFC 7208 section 4.6 / 12), enough to count DNS lookups and list the
// include targets; evaluation against an address is not needed here.

export type TSpfTerm =
  | { kind: 'mechanism'; qualifier: '+' | '-' | '~' | '?'; name: string; value: string | null }
  | { kind: 'modifier'; name: string; value: string };

export interface TSpfRecord {
  terms: TSpfTerm[];
  errors: string[];
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists']);
/** Terms that cost one DNS lookup each towards the limit of 10 (section 4.6.4). */
export const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

/** True for a TXT string that is an SPF record ("v=spf1" then a space or the end). */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt.trim());
}

export function parseSpf(text: string): TSpfRecord {
  const errors: string[] = [];
  const parts = text.trim().split(/\s+/).slice(1);
  const terms: TSpfTerm[] = [];
  for (const raw of parts) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (modifier) {
      terms.push({ kind: 'modifier', name: modifier[1].toLowerCase(), value: modifier[2] });
      continue;
    }
    const m = /^([+\-~?]?)([a-z0-9]+)(?:[:/](.*))?$/i.exec(raw);
    const name = m?.[2]?.toLowerCase();
    if (!m || !name || !MECHANISMS.has(name)) {
      errors.push(`unknown term "${raw}"`);
      continue;
    }
    const value = raw.includes(':') ? raw.slice(raw.indexOf(':') + 1) : null;
    terms.push({ kind: 'mechanism', qualifier: ((m[1] || '+') as '+' | '-' | '~' | '?'), name, value });
  }
  return { terms, errors };
}
