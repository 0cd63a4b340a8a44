import type { TSenderMapSource } from '@/lib/sources';

/**
 * The sources a sender-map table shows: all, busiest first; with `failures`, those with mail that
 * failed DMARC, by failing volume (the pages and the API's export agree on this).
 */
export function senderMapRows(sources: TSenderMapSource[], failures: boolean): TSenderMapSource[] {
  if (!failures) return sources;
  return sources.filter((s) => s.messages > s.dmarcPass).sort((a, b) => b.messages - b.dmarcPass - (a.messages - a.dmarcPass) || a.key.localeCompare(b.key));
}
