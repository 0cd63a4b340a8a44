import { LimitError } from '@/lib/ingest/limits';
import {
  duplicateWarning, METADATA_FIELDS, newRawHeader, POLICY_FIELDS, type RawDkim, type RawHeader, type RawReason, type RawRecord, type RawSpf,
} from './normalise';
import { FRESH_RECORDS, type RawRecordSource } from './record-pool';
import { MAX_TOKEN_CHARS, tooLong } from './markup-guard';
import { authPath, evaluatedPath, identifierPath, metadataPath, P, policyPath, reasonPath, rowPath } from './paths';
import { MAX_DEPTH, MAX_EXTENSION_NODES, MAX_REPEATS, tooDeep, tooManyExtensionNodes } from './report-caps';
import type { Warnings } from './warnings';
import type { XmlEvents } from './xml-reader';

const METADATA = new Set<string>(METADATA_FIELDS);

// Paths are built once: setOnce runs for every element of every record.
const PATH = {
  sourceIp: rowPath('source_ip'),
  count: rowPath('count'),
  headerFrom: identifierPath('header_from'),
  envelopeFrom: identifierPath('envelope_from'),
  envelopeTo: identifierPath('envelope_to'),
  disposition: evaluatedPath('disposition'),
  dkim: evaluatedPath('dkim'),
  spf: evaluatedPath('spf'),
  reason: { type: reasonPath('type'), comment: reasonPath('comment') },
  authDkim: {
    domain: authPath('dkim', 'domain'), selector: authPath('dkim', 'selector'),
    result: authPath('dkim', 'result'), human_result: authPath('dkim', 'human_result'),
  },
  authSpf: {
    domain: authPath('spf', 'domain'), scope: authPath('spf', 'scope'),
    result: authPath('spf', 'result'), human_result: authPath('spf', 'human_result'),
  },
} as const;
const POLICY = new Set<string>(POLICY_FIELDS);

/** An element of <extensions>, built like fast-xml-parser builds it so both paths agree. */
interface ExtNode {
  name: string;
  children: Record<string, unknown> | null;
  text: string;
}

/**
 * The streaming parser's element handler: keeps the path of local names, collects the raw
 * text of known elements into a RawHeader and one RawRecord at a time, and hands each
 * finished record to `onRecord`. Depths: feedback 1, record 2, row 3, source_ip 4,
 * policy_evaluated 4, disposition 5, reason 5, reason/type 6.
 *
 * Kept free of the tokenizer so it is a plain state machine: `open`, `text`, `close` (XmlEvents).
 */
export class StreamState implements XmlEvents {
  readonly header: RawHeader;
  /** Local names of the open elements; stack[0] is feedback. */
  private readonly stack: string[] = [];
  /** Text since the last start or end tag. */
  private chars = '';
  /** Depth of a repeated container being skipped (the first one counts), or 0. */
  private skipDepth = 0;
  private record: RawRecord | null = null;
  private recordCount = 0;
  private seenRow = false;
  private seenIdentifiers = false;
  private seenAuth = false;
  private seenEvaluated = false;
  private seenDateRange = false;
  private reason: RawReason | null = null;
  private dkim: RawDkim | null = null;
  private spf: RawSpf | null = null;
  private ext: ExtNode[] | null = null;
  private extNodes = 0;
  private seenExtensions = false;
  /** True once </feedback> has been read. */
  done = false;

  constructor(
    namespace: string | null,
    private readonly w: Warnings,
    private readonly maxRecords: number,
    private readonly onRecordStart: () => void,
    private readonly onRecord: (raw: RawRecord, index: number) => void,
    /** Where record objects come from: fresh ones, or one reused record (lean encoder). */
    private readonly objects: RawRecordSource = FRESH_RECORDS,
  ) {
    this.header = newRawHeader(namespace);
  }

  /** True between two children of <feedback>, nothing collected or skipped: a record may be taken from elsewhere (takeRecord). */
  idleInRoot(): boolean {
    return this.stack.length === 1 && this.skipDepth === 0 && this.ext === null && this.record === null && this.chars === '' && !this.done;
  }

  /**
   * Counts a record (opened here, or read elsewhere: see idleInRoot) and returns its index;
   * -1 when it would exceed the cap (`open` then refuses the report).
   */
  takeRecord(): number {
    if (this.recordCount >= this.maxRecords) return -1;
    this.recordCount++;
    this.onRecordStart();
    return this.recordCount;
  }

  open(qname: string): void {
    const colon = qname.indexOf(':');
    const name = colon === -1 ? qname : qname.slice(colon + 1);
    const depth = this.stack.push(name);
    if (depth > MAX_DEPTH) throw tooDeep();
    const before = this.chars;
    this.chars = '';
    if (this.skipDepth !== 0) return;
    if (this.ext) {
      if (++this.extNodes > MAX_EXTENSION_NODES) throw tooManyExtensionNodes();
      // Mixed content: text before a child element belongs to the parent.
      const parent = this.ext[this.ext.length - 1];
      if (parent.text.length + before.length > MAX_TOKEN_CHARS) throw tooLong('text', MAX_TOKEN_CHARS);
      parent.text += before;
      this.ext.push({ name, children: null, text: '' });
      return;
    }
    if (depth === 2) return this.openTopLevel(name, depth);
    const parent = this.stack[depth - 2];
    if (this.record) {
      if (depth === 3) {
        if (name === 'row') this.seenRow = this.checkOnce(this.seenRow, P.row, depth);
        else if (name === 'identifiers') this.seenIdentifiers = this.checkOnce(this.seenIdentifiers, P.identifiers, depth);
        else if (name === 'auth_results') this.seenAuth = this.checkOnce(this.seenAuth, P.authResults, depth);
      } else if (depth === 4) {
        if (parent === 'auth_results') {
          // One beyond the cap is kept so the normaliser can say the rest were ignored.
          if (name === 'dkim') this.dkim = this.record.dkim_results.length <= MAX_REPEATS ? pushed(this.record.dkim_results, this.objects.dkim()) : null;
          else if (name === 'spf') this.spf = this.record.spf_results.length <= MAX_REPEATS ? pushed(this.record.spf_results, this.objects.spf()) : null;
        } else if (parent === 'row' && name === 'policy_evaluated') {
          this.seenEvaluated = this.checkOnce(this.seenEvaluated, P.policyEvaluated, depth);
        }
      } else if (depth === 5 && name === 'reason' && parent === 'policy_evaluated') {
        this.reason = this.record.reasons.length <= MAX_REPEATS ? pushed(this.record.reasons, this.objects.reason()) : null;
      }
    } else if (depth === 3 && name === 'date_range' && parent === 'report_metadata') {
      this.seenDateRange = this.checkOnce(this.seenDateRange, P.dateRange, depth);
    }
  }

  private openTopLevel(name: string, depth: number): void {
    switch (name) {
      case 'record':
        if (this.takeRecord() < 0) {
          throw new LimitError('maxRecordsPerReport', this.maxRecords, `the report has more than ${this.maxRecords} records`);
        }
        this.record = this.objects.record();
        this.seenRow = this.seenIdentifiers = this.seenAuth = this.seenEvaluated = false;
        return;
      case 'report_metadata':
        this.header.hasMetadata = this.checkOnce(this.header.hasMetadata, P.metadata, depth);
        return;
      case 'policy_published':
        this.header.hasPolicy = this.checkOnce(this.header.hasPolicy, P.policy, depth);
        return;
      case 'extensions':
        this.seenExtensions = this.checkOnce(this.seenExtensions, P.extensions, depth);
        if (this.skipDepth === 0) this.ext = [{ name, children: null, text: '' }];
        return;
    }
  }

  /** Returns true (seen); when it was already seen, flags it and skips this repetition. */
  private checkOnce(seen: boolean, path: string, depth: number): boolean {
    if (seen) {
      this.w.add(duplicateWarning(path), this.record ? this.recordCount : 0);
      this.skipDepth = depth;
    }
    return true;
  }

  /** Whitespace before a start tag only counts inside <extensions> (mixed content there is kept as it was). */
  get wantsSpaceBeforeTags(): boolean {
    return this.ext !== null;
  }

  text(t: string): void {
    // An element's text split by comments (or by input chunks) arrives in pieces: bounded here, as a whole.
    if (this.chars.length + t.length > MAX_TOKEN_CHARS) throw tooLong('text', MAX_TOKEN_CHARS);
    this.chars += t;
  }

  close(): void {
    const depth = this.stack.length;
    const name = this.stack.pop() as string;
    const text = this.chars;
    this.chars = '';
    if (this.skipDepth !== 0) {
      if (depth === this.skipDepth) this.skipDepth = 0;
      return;
    }
    if (this.ext) return this.closeExtension(text);
    if (depth === 1) {
      this.done = true;
      return;
    }
    if (this.record) return this.closeInRecord(name, depth, text);
    if (depth === 2) {
      if (name === 'version') this.header.version = this.setOnce(this.header.version, text, P.version);
      return;
    }
    const parent = this.stack[depth - 2];
    if (depth === 3) {
      if (parent === 'report_metadata') {
        if (METADATA.has(name)) {
          const f = name as (typeof METADATA_FIELDS)[number];
          this.header[f] = this.setOnce(this.header[f], text, metadataPath(f));
        } else if (name === 'error' && this.header.errors.length <= MAX_REPEATS) {
          this.header.errors.push(text);
        }
      } else if (parent === 'policy_published' && POLICY.has(name)) {
        const f = name as (typeof POLICY_FIELDS)[number];
        this.header[f] = this.setOnce(this.header[f], text, policyPath(f));
      }
    } else if (depth === 4 && parent === 'date_range' && this.stack[1] === 'report_metadata') {
      if (name === 'begin') this.header.begin = this.setOnce(this.header.begin, text, P.begin);
      else if (name === 'end') this.header.end = this.setOnce(this.header.end, text, P.end);
    }
  }

  private closeInRecord(name: string, depth: number, text: string): void {
    const r = this.record as RawRecord;
    const i = this.recordCount;
    switch (depth) {
      case 2: {
        this.record = null;
        this.onRecord(r, i);
        return;
      }
      case 4: {
        const parent = this.stack[2];
        if (parent === 'row') {
          if (name === 'source_ip') r.source_ip = this.setOnce(r.source_ip, text, PATH.sourceIp, i);
          else if (name === 'count') r.count = this.setOnce(r.count, text, PATH.count, i);
        } else if (parent === 'identifiers') {
          if (name === 'header_from') r.header_from = this.setOnce(r.header_from, text, PATH.headerFrom, i);
          else if (name === 'envelope_from') r.envelope_from = this.setOnce(r.envelope_from, text, PATH.envelopeFrom, i);
          else if (name === 'envelope_to') r.envelope_to = this.setOnce(r.envelope_to, text, PATH.envelopeTo, i);
        } else if (parent === 'auth_results') {
          if (name === 'dkim') this.dkim = null;
          else if (name === 'spf') this.spf = null;
        }
        return;
      }
      case 5: {
        const parent = this.stack[3];
        if (parent === 'policy_evaluated') {
          if (name === 'disposition') r.disposition = this.setOnce(r.disposition, text, PATH.disposition, i);
          else if (name === 'dkim') r.dkim = this.setOnce(r.dkim, text, PATH.dkim, i);
          else if (name === 'spf') r.spf = this.setOnce(r.spf, text, PATH.spf, i);
          else if (name === 'reason') this.reason = null;
        } else if (parent === 'dkim' && this.dkim) {
          if (name === 'domain' || name === 'selector' || name === 'result' || name === 'human_result') {
            this.dkim[name] = this.setOnce(this.dkim[name], text, PATH.authDkim[name], i);
          }
        } else if (parent === 'spf' && this.spf) {
          if (name === 'domain' || name === 'scope' || name === 'result' || name === 'human_result') {
            this.spf[name] = this.setOnce(this.spf[name], text, PATH.authSpf[name], i);
          }
        }
        return;
      }
      case 6: {
        if (this.reason && this.stack[4] === 'reason' && (name === 'type' || name === 'comment')) {
          this.reason[name] = this.setOnce(this.reason[name], text, PATH.reason[name], i);
        }
        return;
      }
    }
  }

  private setOnce(current: string | null | undefined, text: string, path: string, index = 0): string {
    if (current == null) return text;
    this.w.add(duplicateWarning(path), index);
    return current;
  }

  private closeExtension(text: string): void {
    const ext = this.ext as ExtNode[];
    const node = ext.pop() as ExtNode;
    let value: unknown = text;
    if (node.children) {
      value = node.children;
      if (node.text.trim() !== '' || text.trim() !== '') node.children['#text'] = node.text + text;
    }
    if (ext.length === 0) {
      this.header.extensions = value;
      this.ext = null;
      return;
    }
    const parent = ext[ext.length - 1];
    const children = (parent.children ??= {});
    const prev = children[node.name];
    if (prev === undefined) children[node.name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else children[node.name] = [prev, value];
  }
}

function pushed<T>(list: T[], item: T): T {
  list.push(item);
  return item;
}
