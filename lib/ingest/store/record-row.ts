import type { TDkimAuth, TReason, TRecord, TSpfAuth } from '@/lib/ingest/parse/schema';
import type { CopyWriter } from './copy-writer';
import { IngestError } from '@/lib/ingest/errors';

/**
 * report_record columns in the order rows are written: the record's content first and where
 * it is stored last (report id, position, partition day, domain, the header_from flag), so
 * that the content alone can be hashed (see RecordEncoder).
 */
export const RECORD_COLUMNS = [
  'source_ip', 'source_ip_text', 'count', 'disposition', 'policy_dkim', 'policy_spf', 'reasons',
  'header_from', 'envelope_from', 'envelope_to', 'dkim', 'spf', 'report_id', 'ord', 'report_day', 'domain_id', 'header_from_foreign',
] as const;

/** Where a report's records are stored: the columns after the content. */
export interface RecordTarget {
  reportRowId: bigint;
  /** YYYY-MM-DD, UTC day of the report's begin (partition key). */
  reportDay: string;
  domainId: number | null;
  /** Normalised policy domain: rows whose header_from is not within it are flagged. */
  policyDomain: string;
}

/** The constant part of a record's storage columns: "<report id>\t" … written before `ord`. */
export function storagePrefix(t: RecordTarget): string {
  return `${t.reportRowId}\t`;
}

/** After `ord`: "\t<day>\t<domain id or \N>\t". */
export function storageMiddle(t: RecordTarget): string {
  return `\t${t.reportDay}\t${t.domainId === null ? '\\N' : t.domainId}\t`;
}

/** Postgres bigint is signed: DMARC allows counts up to 2^64 - 1, Postgres stores up to 2^63 - 1. */
export const MAX_STORED_COUNT = 2n ** 63n - 1n;

const TAB = 0x09;

/**
 * Writes one record's content columns (all but report_id), each followed by a tab. Absent
 * values the table requires become '' (header_from, disposition, policy verdicts); an empty
 * or invalid source_ip is NULL with the text kept in source_ip_text. The auth results keep
 * the normalised objects' keys in order, exactly as JSON.stringify would write them.
 */
export function writeRecordContent(w: CopyWriter, r: TRecord, index: number): void {
  if (r.count > MAX_STORED_COUNT) {
    throw new IngestError(
      'report.count_too_large',
      `Malformed report: record ${index}: <row/count> is ${r.count}, more than the 2^63 - 1 messages a record can store.`,
    );
  }
  if (r.source_ip_valid) {
    w.raw(r.source_ip);
    w.raw('\t\\N\t');
  } else {
    w.raw('\\N\t');
    w.text(r.source_ip === '' ? null : r.source_ip);
    w.byte(TAB);
  }
  w.raw(r.count.toString());
  w.byte(TAB);
  w.text(r.disposition ?? '');
  w.byte(TAB);
  w.text(r.policy_dkim ?? '');
  w.byte(TAB);
  w.text(r.policy_spf ?? '');
  w.byte(TAB);
  writeReasons(w, r.reasons);
  w.byte(TAB);
  w.text(r.header_from ?? '');
  w.byte(TAB);
  w.text(r.envelope_from);
  w.byte(TAB);
  w.text(r.envelope_to);
  w.byte(TAB);
  writeDkim(w, r.dkim);
  w.byte(TAB);
  writeSpf(w, r.spf);
  w.byte(TAB);
}

/**
 * A writer of a JSON array of objects whose fields are strings or null, written in the order
 * given (the order JSON.stringify would keep). The key prefixes are built once, here.
 */
function jsonArrayWriter<K extends string>(keys: readonly K[]): (w: CopyWriter, list: ReadonlyArray<Record<K, string | null>>) => void {
  const prefixes = keys.map((k, i) => `${i === 0 ? '{' : ','}"${k}":`);
  const nextFirst = `,${prefixes[0]}`;
  const n = keys.length;
  return (w, list) => {
    w.byte(0x5b);
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      w.raw(i === 0 ? prefixes[0] : nextFirst);
      w.jsonString(item[keys[0]]);
      for (let j = 1; j < n; j++) {
        w.raw(prefixes[j]);
        w.jsonString(item[keys[j]]);
      }
      w.byte(0x7d);
    }
    w.byte(0x5d);
  };
}

const writeReasons = jsonArrayWriter<keyof TReason>(['type', 'comment']);
const writeDkim = jsonArrayWriter<keyof TDkimAuth>(['domain', 'selector', 'result', 'human_result']);
const writeSpf = jsonArrayWriter<keyof TSpfAuth>(['domain', 'scope', 'result', 'human_result']);
