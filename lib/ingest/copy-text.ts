/**
 * Postgres COPY text format (the default of `COPY … FROM STDIN`): columns separated by tabs,
 * rows by newlines, NULL as \N, and backslash, tab, newline and carriage return escaped.
 * Text format rather than CSV or binary: it is the cheapest to produce from JavaScript
 * strings and Postgres parses it fastest.
 */

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export const COPY_NULL = '\\N';

export function copyText(value: string | null): string {
  if (value === null) return COPY_NULL;
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
