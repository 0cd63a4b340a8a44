// SPF macros (RFC 7208 section 7). A check has no sending address, HELO name or local part,
// so only %{d} (the domain whose record is evaluated) and %{o} (the sender's domain: the
// domain checked) can be expanded; terms using the others are counted but not followed.

export type TMacroExpansion =
  | { status: 'ok'; value: string }
  | { status: 'unexpandable'; letters: string[] }
  | { status: 'error'; error: string };

const MACRO = /%\{([A-Za-z])(\d*)([rR]?)([.\-+,/_=]*)\}|%%|%_|%-|%/g;
const LETTERS = new Set(['s', 'l', 'o', 'd', 'i', 'p', 'h', 'v']);
const EXP_ONLY = new Set(['c', 'r', 't']);

function transform(value: string, digits: string, reverse: string, delimiters: string): string | null {
  const splitter = new RegExp(`[${(delimiters || '.').replace(/[-\\\]^/]/g, '\\$&')}]`);
  let parts = value.split(splitter);
  if (reverse) parts = parts.reverse();
  if (digits) {
    const n = Number(digits);
    if (n === 0) return null;
    parts = parts.slice(-n);
  }
  return parts.join('.');
}

/** Expands a domain-spec for the record of `current`, checked for mail from `sender`. */
export function expandMacros(spec: string, context: { current: string; sender: string }, options: { exp?: boolean } = {}): TMacroExpansion {
  const unexpandable = new Set<string>();
  let error: string | null = null;
  const value = spec.replace(MACRO, (match: string, letter: string | undefined, digits: string, reverse: string, delimiters: string) => {
    if (match === '%%') return '%';
    if (match === '%_') return ' ';
    if (match === '%-') return '%20';
    if (!letter) {
      error ??= `"%" not followed by {letter}, % , _ or - in "${spec}"`;
      return '';
    }
    const l = letter.toLowerCase();
    if (!LETTERS.has(l) && !(options.exp && EXP_ONLY.has(l))) {
      error ??= `unknown macro letter "${letter}" in "${spec}"`;
      return '';
    }
    if (l !== 'd' && l !== 'o') {
      unexpandable.add(l);
      return match;
    }
    const out = transform(l === 'd' ? context.current : context.sender, digits, reverse, delimiters);
    if (out === null) error ??= `macro ${match} keeps 0 labels in "${spec}"`;
    return out ?? '';
  });
  if (error) return { status: 'error', error };
  if (unexpandable.size) return { status: 'unexpandable', letters: [...unexpandable] };
  // Section 7.3: an expansion over 253 characters loses labels on the left.
  let name = value.replace(/\.$/, '');
  while (name.length > 253 && name.includes('.')) name = name.slice(name.indexOf('.') + 1);
  return { status: 'ok', value: name.toLowerCase() };
}

/** Syntax of a domain-spec (section 7.1): macros well formed, ending in a top label or a macro. */
export function domainSpecError(spec: string): string | null {
  if (!spec) return 'empty domain';
  if (/\s/.test(spec)) return `"${spec}" contains white space`;
  const probe = expandMacros(spec, { current: 'x.example', sender: 'x.example' });
  if (probe.status === 'error') return probe.error;
  const end = spec.replace(/\.$/, '');
  if (end.endsWith('}')) return null;
  const labels = end.split('.');
  const top = labels.at(-1) ?? '';
  if (labels.length < 2 || !/^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(top)) return `"${spec}" does not end in a domain name`;
  if (labels.some((l) => l.length === 0 || l.length > 63)) return `"${spec}" has an empty or too long label`;
  return null;
}
