import type { TSenderMapSource } from '@/lib/sources';

/** A source of the sender map API (flat: the same row in JSON and CSV). */
export function senderMapRow(s: TSenderMapSource) {
  return {
    key: s.key,
    label: s.label,
    verdict: s.verdict.verdict,
    messages: s.messages,
    dmarc_pass: s.dmarcPass,
    dkim_aligned: s.dkimAligned,
    spf_aligned: s.spfAligned,
    failing: s.messages - s.dmarcPass,
    quarantined: s.quarantined,
    rejected: s.rejected,
    addresses: s.addresses,
    reporters: s.reporters.join(' '),
    first_seen: s.firstDay,
    last_seen: s.lastDay,
    advice: s.advice.join(' '),
  };
}

export const SENDER_MAP_CSV_COLUMNS = [
  'key', 'label', 'verdict', 'messages', 'dmarc_pass', 'dkim_aligned', 'spf_aligned', 'failing', 'quarantined', 'rejected',
  'addresses', 'reporters', 'first_seen', 'last_seen', 'advice',
] as const satisfies readonly (keyof ReturnType<typeof senderMapRow>)[];
