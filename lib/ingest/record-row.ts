import type { TRecord } from '../reports/schema';
import { COPY_NULL, copyText } from './copy-text';
import { IngestError } from './errors';

/** report_record columns in the order `recordRow` writes them (id comes from its sequence). */
export const RECORD_COLUMNS = [
  'report_id', 'source_ip', 'source_ip_text', 'count', 'disposition', 'policy_dkim', 'policy_spf',
  'reasons', 'header_from', 'envelope_from', 'envelope_to', 'dkim', 'spf',
] as const;

/** Postgres bigint is signed: DMARC allows counts up to 2^64 - 1, Postgres stores up to 2^63 - 1. */
export const MAX_STORED_COUNT = 2n ** 63n - 1n;

/**
 * One record as a COPY text row, without the leading report id column: the same text is fed
 * to the content hash, so two parses of the same report always hash alike. Absent values
 * that the table requires become '' (header_from, disposition, the policy verdicts).
 */
export function recordRow(r: TRecord, index: number): string {
  if (r.count > MAX_STORED_COUNT) {
    throw new IngestError(
      'report.count_too_large',
      `Malformed report: record ${index}: <row/count> is ${r.count}, larger than the 2^63 - 1 messages a record can store.`,
    );
  }
  const ip = r.source_ip_valid ? r.source_ip : COPY_NULL;
  const ipText = r.source_ip_valid || r.source_ip === '' ? COPY_NULL : copyText(r.source_ip);
  return (
    `${ip}\t${ipText}\t${r.count}\t${copyText(r.disposition ?? '')}\t${copyText(r.policy_dkim ?? '')}\t` +
    `${copyText(r.policy_spf ?? '')}\t${copyText(JSON.stringify(r.reasons))}\t${copyText(r.header_from ?? '')}\t` +
    `${copyText(r.envelope_from)}\t${copyText(r.envelope_to)}\t${copyText(JSON.stringify(r.dkim))}\t` +
    `${copyText(JSON.stringify(r.spf))}`
  );
}
