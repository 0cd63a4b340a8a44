/** What the rule compares of a stored report and of an incoming copy with the same dedupe key. */
export interface TReportCopy {
  /** The report's mail was signed by the reporter's own domain (lib/ingest/authenticity). */
  verified: boolean;
  records: number;
  messages: bigint;
  /** Parser warnings: a copy whose bytes needed repairs (invalid UTF-8, stray markup) has more. */
  warnings: number;
  /** sha256 of the normalised content (metadata, policy, every record): equal = the same report. */
  contentHash: string;
}

/**
 * Which of two copies of one report (same reporter, report id, policy domain and dates) is
 * kept. Identical normalised content is the same report whatever its bytes (an .eml and the
 * bare .xml it carried; a copy re-encoded by a mail system): the stored one stays. Otherwise
 * one fixed order decides, never the order of arrival, so ingesting A then B, B then A, or
 * A, B, A, B ends with the same copy stored, and a second pass over anything replaces nothing:
 *   1. a verified copy over an unverified one (a forged mail cannot displace a signed report);
 *   2. more records, then more messages (a corrected, completed re-send);
 *   3. fewer parser warnings (the clean copy over one with a repaired byte);
 *   4. the smaller content hash (an arbitrary but fixed tie-break).
 */
export function chooseKeptReport(stored: TReportCopy, incoming: TReportCopy): 'stored' | 'incoming' {
  if (stored.contentHash === incoming.contentHash) return 'stored';
  return compare(incoming, stored) < 0 ? 'incoming' : 'stored';
}

/** Negative when `a` ranks before (is preferred to) `b`. */
function compare(a: TReportCopy, b: TReportCopy): number {
  if (a.verified !== b.verified) return a.verified ? -1 : 1;
  if (a.records !== b.records) return b.records - a.records;
  if (a.messages !== b.messages) return a.messages > b.messages ? -1 : 1;
  if (a.warnings !== b.warnings) return a.warnings - b.warnings;
  return a.contentHash < b.contentHash ? -1 : 1;
}
