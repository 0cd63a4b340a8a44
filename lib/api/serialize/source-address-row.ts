import type { TSourceAddress } from '@/lib/queries';

/** An address of a source (flat: the same row in JSON and CSV). */
export function sourceAddressRow(a: TSourceAddress) {
  return {
    ip: a.ip,
    ptr: a.ptr,
    ptr_confirmed: a.ptrConfirmed,
    asn: a.asn,
    as_name: a.asName,
    country: a.country,
    messages: a.messages,
    dmarc_pass: a.dmarcPass,
    dkim_aligned: a.dkimAligned,
    spf_aligned: a.spfAligned,
    quarantined: a.quarantined,
    rejected: a.rejected,
    reporters: a.reporters,
    first_seen: a.firstDay,
    last_seen: a.lastDay,
  };
}

export const SOURCE_ADDRESS_CSV_COLUMNS = [
  'ip', 'ptr', 'ptr_confirmed', 'asn', 'as_name', 'country', 'messages', 'dmarc_pass', 'dkim_aligned', 'spf_aligned', 'quarantined', 'rejected',
  'reporters', 'first_seen', 'last_seen',
] as const satisfies readonly (keyof ReturnType<typeof sourceAddressRow>)[];
