import { isIPv4, isIPv6 } from 'node:net';
import { domainSpecError } from './spf-macro';

// SPF record syntax (RFC 7208 sections 4.6 and 12), strict enough to say which term a
// receiver would reject (permerror) and why.

export type TQualifier = '+' | '-' | '~' | '?';
export type TMechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export type TSpfTerm =
  | { kind: 'mechanism'; raw: string; qualifier: TQualifier; name: TMechanismName; spec: string | null }
  | { kind: 'modifier'; raw: string; name: string; value: string };

export interface TSpfSyntax {
  terms: TSpfTerm[];
  /** Each a reason for permerror. */
  errors: string[];
}

/** True for a TXT string that is an SPF record ("v=spf1" then a space or the end). */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt);
}

/** Mechanisms and modifiers that cost one DNS lookup each toward the limit of 10 (section 4.6.4). */
export const LOOKUP_TERMS: ReadonlySet<string> = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

function mechanismError(name: TMechanismName, rest: string): { spec: string | null; error: string | null } {
  const needsSpec = name === 'include' || name === 'exists';
  if (name === 'all') return { spec: null, error: rest ? 'all takes no value' : null };
  if (name === 'ip4' || name === 'ip6') {
    const m = /^:([^/]+)(?:\/(\d{1,3}))?$/.exec(rest);
    const max = name === 'ip4' ? 32 : 128;
    if (!m || !(name === 'ip4' ? isIPv4(m[1]) : isIPv6(m[1]))) return { spec: null, error: `${name}${rest}: not an ${name === 'ip4' ? 'IPv4' : 'IPv6'} address or network` };
    if (m[2] !== undefined && (Number(m[2]) > max || /^0\d/.test(m[2]))) return { spec: null, error: `${name}${rest}: prefix length over ${max}` };
    return { spec: m[1], error: null };
  }
  const m = /^(?::(.+?))?(?:\/(\d{1,3}))?(?:\/\/(\d{1,3}))?$/.exec(rest);
  if (!m) return { spec: null, error: `${name}${rest}: malformed` };
  const [, spec, cidr4, cidr6] = m;
  if (needsSpec && !spec) return { spec: null, error: `${name} needs a domain (${name}:example.com)` };
  if ((name === 'include' || name === 'exists' || name === 'ptr') && (cidr4 || cidr6)) return { spec: null, error: `${name}${rest}: no prefix length allowed` };
  if ((cidr4 && Number(cidr4) > 32) || (cidr6 && Number(cidr6) > 128)) return { spec: null, error: `${name}${rest}: prefix length out of range` };
  const specError = spec ? domainSpecError(spec) : null;
  return { spec: spec ?? null, error: specError ? `${name}: ${specError}` : null };
}

export function parseSpfRecord(text: string): TSpfSyntax {
  const errors: string[] = [];
  const terms: TSpfTerm[] = [];
  const seen = new Set<string>();
  for (const raw of text.trim().split(/ +/).slice(1).filter(Boolean)) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (modifier) {
      const name = modifier[1].toLowerCase();
      const value = modifier[2];
      if ((name === 'redirect' || name === 'exp') && seen.has(name)) errors.push(`${name}= given twice`);
      seen.add(name);
      const specError = name === 'redirect' || name === 'exp' ? domainSpecError(value) : null;
      if (specError) errors.push(`${name}=: ${specError}`);
      terms.push({ kind: 'modifier', raw, name, value });
      continue;
    }
    const m = /^([+\-~?]?)([a-z][a-z0-9]*)(.*)$/i.exec(raw);
    const name = m?.[2].toLowerCase() as TMechanismName | undefined;
    if (!m || !name || !['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'].includes(name) || (m[3] && !/^[:/]/.test(m[3]))) {
      errors.push(`unknown term "${raw}"`);
      continue;
    }
    const checked = mechanismError(name, m[3]);
    if (checked.error) {
      errors.push(checked.error);
      continue;
    }
    terms.push({ kind: 'mechanism', raw, qualifier: (m[1] || '+') as TQualifier, name, spec: checked.spec });
  }
  if (/[^\x20-\x7e]/.test(text)) errors.push('the record contains characters other than printable ASCII');
  return { terms, errors };
}
