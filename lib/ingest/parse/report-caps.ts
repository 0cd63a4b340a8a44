import { IngestError } from '@/lib/ingest/errors';
import type { Warnings } from './warnings';

/**
 * Bounds on what one report may hold, applied by the normaliser (both parsers share it, so
 * they cut alike). Real reports stay far below every one; a forged report stuffed with 100 KB
 * strings or endless repeats is cut to them and says so in its warnings. Fixed in code rather
 * than settings on purpose: changing a cut changes a report's normalised content, and with it
 * which stored copy counts as a duplicate.
 */

/** Characters of any one string field (org_name, selector, human_result, an extension value…). */
export const MAX_FIELD_CHARS = 1024;
/** <error> elements per report, and <reason>, <dkim>, <spf> results per record. */
export const MAX_REPEATS = 100;
/** Elements inside <extensions>: beyond this the report is refused (the parser would hold them all). */
export const MAX_EXTENSION_NODES = 1000;
/** Element nesting depth: a report needs 6 (plus a few in extensions). */
export const MAX_DEPTH = 64;

/** `value` cut to MAX_FIELD_CHARS (never inside a surrogate pair), with a warning when cut. */
export function capField(value: string, path: string, w: Warnings, record = 0): string {
  if (value.length <= MAX_FIELD_CHARS) return value;
  let end = MAX_FIELD_CHARS;
  const last = value.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  w.add(`<${path}> is longer than ${MAX_FIELD_CHARS} characters (MAX_FIELD_CHARS); only its first ${end} were kept`, record);
  return value.slice(0, end);
}

/** Fields that identify a report (its dedupe key) are never cut: a report with one that long is refused. */
export function checkKeyField(value: string, path: string): string {
  if (value.length <= MAX_FIELD_CHARS) return value;
  throw new IngestError('report.field_too_long', `Malformed report: <${path}> is longer than ${MAX_FIELD_CHARS} characters (MAX_FIELD_CHARS); it identifies the report and cannot be cut.`);
}

/** The first MAX_REPEATS of a repeated element, with a warning when there were more. */
export function capRepeats<T>(list: T[], path: string, w: Warnings, record = 0): T[] {
  if (list.length <= MAX_REPEATS) return list;
  w.add(`more than ${MAX_REPEATS} <${path}> elements (MAX_REPEATS); the rest were ignored`, record);
  return list.slice(0, MAX_REPEATS);
}

export function tooManyExtensionNodes(): IngestError {
  return new IngestError('report.extensions_too_large', `Malformed report: <extensions> holds more than ${MAX_EXTENSION_NODES} elements (MAX_EXTENSION_NODES).`);
}

export function tooDeep(): IngestError {
  return new IngestError('xml.too_deep', `XML refused: elements nested more than ${MAX_DEPTH} levels deep (MAX_DEPTH); a DMARC report needs 6.`);
}
