import type { TDkimAuth, TReason, TRecord, TSpfAuth } from '../reports/schema';
import type { CopyWriter } from './copy-writer';
import { IngestError } from './errors';

/**
 * report_record columns in the order rows are written: the record's content first and the
 * report id last, so that the content alone can be hashed (see RecordEncoder).
 */
export const RECORD_COLUMNS = [
  'source_ip', 'source_ip_text', 'count', 'disposition', 'policy_dkim', 'policy_spf', 'reasons',
  'header_from', 'envelope_from', 'envelope_to', 'dkim', 'spf', 'report_id',
] as const;

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

function writeReasons(w: CopyWriter, list: TReason[]): void {
  w.byte(0x5b);
  for (let i = 0; i < list.length; i++) {
    w.raw(i === 0 ? '{"type":' : ',{"type":');
    w.jsonString(list[i].type);
    w.raw(',"comment":');
    w.jsonString(list[i].comment);
    w.byte(0x7d);
  }
  w.byte(0x5d);
}

function writeDkim(w: CopyWriter, list: TDkimAuth[]): void {
  w.byte(0x5b);
  for (let i = 0; i < list.length; i++) {
    const d = list[i];
    w.raw(i === 0 ? '{"domain":' : ',{"domain":');
    w.jsonString(d.domain);
    w.raw(',"selector":');
    w.jsonString(d.selector);
    w.raw(',"result":');
    w.jsonString(d.result);
    w.raw(',"human_result":');
    w.jsonString(d.human_result);
    w.byte(0x7d);
  }
  w.byte(0x5d);
}

function writeSpf(w: CopyWriter, list: TSpfAuth[]): void {
  w.byte(0x5b);
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    w.raw(i === 0 ? '{"domain":' : ',{"domain":');
    w.jsonString(s.domain);
    w.raw(',"scope":');
    w.jsonString(s.scope);
    w.raw(',"result":');
    w.jsonString(s.result);
    w.raw(',"human_result":');
    w.jsonString(s.human_result);
    w.byte(0x7d);
  }
  w.byte(0x5d);
}
