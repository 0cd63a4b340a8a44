import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IngestError } from '@/lib/ingest/errors';
import { LimitError } from '@/lib/ingest/limits';
import {
  duplicateWarning, METADATA_FIELDS, newRawHeader, newRawRecord, normaliseHeader, normaliseRecord, POLICY_FIELDS,
  type RawDkim, type RawHeader, type RawReason, type RawRecord, type RawSpf,
} from './normalise';
import { authPath, evaluatedPath, identifierPath, metadataPath, P, policyPath, reasonPath, rowPath } from './paths';
import type { TReport } from './schema';
import { MarkupGuard } from './markup-guard';
import { MAX_DEPTH, MAX_EXTENSION_NODES, tooDeep, tooManyExtensionNodes } from './report-caps';
import { Warnings } from './warnings';
import { fxpEntityDecoder } from './xml-entities';
import { assertNoDtd, countLines, decodeXml, scanProlog } from './xml-guard';

export interface ParseOptions {
  /** ATLAS_MAX_RECORDS_PER_REPORT; unlimited when absent. */
  maxRecords?: number;
}

/**
 * fast-xml-parser with values kept as text (no number guessing: "00123" must stay a string),
 * namespace prefixes removed (elements are matched by local name, so RFC 7489 and DMARCbis
 * read alike) and our strict entity decoder (the same entities saxes accepts).
 */
const fxp = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  entityDecoder: fxpEntityDecoder,
  // Its stack holds the parents of the element being opened: this refuses depth > MAX_DEPTH, as saxes' path does.
  maxNestedTags: MAX_DEPTH - 1,
});

/** Characters XML 1.0 forbids; saxes refuses them, so this path must too. */
const FORBIDDEN_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/;

/**
 * Parses a whole report document in memory: the path for ordinary reports (almost all are
 * well under a few MB). Large reports go through `streamReport` instead.
 */
export function parseReportFast(xml: Buffer | string, opts: ParseOptions = {}): TReport {
  const warnings = new Warnings();
  let text: string;
  if (typeof xml === 'string') {
    text = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  } else {
    const decoded = decodeXml(xml);
    text = decoded.text;
    decoded.warnings.forEach((m) => warnings.add(m));
  }
  assertNoDtd(text);
  const prolog = scanProlog(text, true);
  if (!prolog) throw new IngestError('xml.malformed', 'No <feedback> element found.');
  prolog.warnings.forEach((m) => warnings.add(m));

  let body = text.slice(prolog.start);
  if (prolog.repaired) body = cutAfterRoot(body, prolog.qname);
  if (body.includes('\r')) body = body.replace(/\r\n?/g, '\n');
  new MarkupGuard().scan(body);
  const bad = FORBIDDEN_CHARS.exec(body);
  if (bad) throw new IngestError('xml.malformed', `XML not well-formed: disallowed character U+${bad[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}.`);
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const lineOffset = countLines(text, prolog.start);
    throw new IngestError('xml.malformed', `XML not well-formed: ${valid.err.msg.replace(/\.$/, "")} (line ${valid.err.line + lineOffset}, column ${valid.err.col}).`);
  }
  const doc = parseDocument(body);
  const roots = Object.keys(doc);
  if (roots.length !== 1 || Array.isArray(doc.feedback)) {
    throw new IngestError('xml.malformed', 'XML not well-formed: more than one root element.');
  }
  return fromFeedback(asObject(doc.feedback) ?? {}, prolog.namespace, warnings, opts);
}

function cutAfterRoot(body: string, qname: string): string {
  const close = body.lastIndexOf(`</${qname}`);
  const gt = close === -1 ? -1 : body.indexOf('>', close);
  return gt === -1 ? body : body.slice(0, gt + 1);
}

type Obj = Record<string, unknown>;

function asObject(v: unknown): Obj | undefined {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Obj;
  // An element present with no child elements (e.g. <report_metadata/>) reads as "".
  return v === undefined ? undefined : {};
}

function textOf(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const t = (v as Obj)['#text'];
    return typeof t === 'string' ? t : '';
  }
  return String(v);
}

function all(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The first of possibly repeated elements; repeating an element that may occur once is flagged. */
function one(parent: Obj, key: string, path: string, w: Warnings, index = 0): unknown {
  const v = parent[key];
  if (!Array.isArray(v)) return v;
  w.add(duplicateWarning(path), index);
  return v[0];
}

function leaf(parent: Obj | undefined, key: string, path: string, w: Warnings, index = 0): string | undefined {
  return parent ? textOf(one(parent, key, path, w, index)) : undefined;
}

function fromFeedback(fb: Obj, namespace: string | null, w: Warnings, opts: ParseOptions): TReport {
  const raw: RawHeader = newRawHeader(namespace);
  raw.version = leaf(fb, 'version', P.version, w);
  const meta = asObject(one(fb, 'report_metadata', P.metadata, w));
  if (meta) {
    raw.hasMetadata = true;
    for (const f of METADATA_FIELDS) raw[f] = leaf(meta, f, metadataPath(f), w);
    const range = asObject(one(meta, 'date_range', P.dateRange, w));
    raw.begin = leaf(range, 'begin', P.begin, w);
    raw.end = leaf(range, 'end', P.end, w);
    raw.errors = all(meta.error).map((e) => textOf(e) ?? '');
  }
  const policy = asObject(one(fb, 'policy_published', P.policy, w));
  if (policy) {
    raw.hasPolicy = true;
    for (const f of POLICY_FIELDS) raw[f] = leaf(policy, f, policyPath(f), w);
  }
  const ext = one(fb, 'extensions', P.extensions, w);
  if (ext !== undefined) {
    if (elementCount(ext) > MAX_EXTENSION_NODES) throw tooManyExtensionNodes();
    raw.extensions = ext;
  }
  const header = normaliseHeader(raw, w);

  const rawRecords = all(fb.record);
  if (opts.maxRecords !== undefined && rawRecords.length > opts.maxRecords) {
    throw new LimitError('maxRecordsPerReport', opts.maxRecords, `the report has ${rawRecords.length} records`);
  }
  const records = rawRecords.map((r, i) => normaliseRecord(rawRecord(asObject(r) ?? {}, i + 1, w), i + 1, w));
  return { ...header, records, warnings: w.list() };
}

function rawRecord(rec: Obj, index: number, w: Warnings): RawRecord {
  const raw = newRawRecord();
  const row = asObject(one(rec, 'row', P.row, w, index));
  if (row) {
    raw.source_ip = leaf(row, 'source_ip', rowPath('source_ip'), w, index);
    raw.count = leaf(row, 'count', rowPath('count'), w, index);
    const pe = asObject(one(row, 'policy_evaluated', P.policyEvaluated, w, index));
    if (pe) {
      raw.disposition = leaf(pe, 'disposition', evaluatedPath('disposition'), w, index);
      raw.dkim = leaf(pe, 'dkim', evaluatedPath('dkim'), w, index);
      raw.spf = leaf(pe, 'spf', evaluatedPath('spf'), w, index);
      raw.reasons = all(pe.reason).map((r): RawReason => {
        const o = asObject(r);
        return {
          type: leaf(o, 'type', reasonPath('type'), w, index) ?? null,
          comment: leaf(o, 'comment', reasonPath('comment'), w, index) ?? null,
        };
      });
    }
  }
  const ids = asObject(one(rec, 'identifiers', P.identifiers, w, index));
  raw.header_from = leaf(ids, 'header_from', identifierPath('header_from'), w, index);
  raw.envelope_from = leaf(ids, 'envelope_from', identifierPath('envelope_from'), w, index);
  raw.envelope_to = leaf(ids, 'envelope_to', identifierPath('envelope_to'), w, index);
  const auth = asObject(one(rec, 'auth_results', P.authResults, w, index));
  if (auth) {
    raw.dkim_results = all(auth.dkim).map((d): RawDkim => {
      const o = asObject(d);
      return {
        domain: leaf(o, 'domain', authPath('dkim', 'domain'), w, index) ?? null,
        selector: leaf(o, 'selector', authPath('dkim', 'selector'), w, index) ?? null,
        result: leaf(o, 'result', authPath('dkim', 'result'), w, index) ?? null,
        human_result: leaf(o, 'human_result', authPath('dkim', 'human_result'), w, index) ?? null,
      };
    });
    raw.spf_results = all(auth.spf).map((s): RawSpf => {
      const o = asObject(s);
      return {
        domain: leaf(o, 'domain', authPath('spf', 'domain'), w, index) ?? null,
        scope: leaf(o, 'scope', authPath('spf', 'scope'), w, index) ?? null,
        result: leaf(o, 'result', authPath('spf', 'result'), w, index) ?? null,
        human_result: leaf(o, 'human_result', authPath('spf', 'human_result'), w, index) ?? null,
      };
    });
  }
  return raw;
}

/** Elements inside a parsed <extensions> (as the streaming parser counts them: '#text' is no element). */
function elementCount(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + elementCount(x), 0);
  if (!v || typeof v !== 'object') return 0;
  let n = 0;
  for (const [k, child] of Object.entries(v)) {
    if (k === '#text') continue;
    n += Array.isArray(child) ? child.length + child.reduce((m: number, x) => m + elementCount(x), 0) : 1 + elementCount(child);
  }
  return n;
}

function parseDocument(body: string): Record<string, unknown> {
  try {
    return fxp.parse(body) as Record<string, unknown>;
  } catch (err) {
    // fast-xml-parser reports its nesting limit only by this message.
    if (err instanceof Error && err.message === 'Maximum nested tags exceeded') throw tooDeep();
    throw err;
  }
}
