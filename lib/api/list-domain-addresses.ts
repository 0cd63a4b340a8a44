import { findDomainInScope, listDomainAddresses } from '@/lib/queries';
import type { TActor } from '@/lib/access';
import { formatDay } from '@/lib/platform/dates';
import { queryWindow } from './query-window';
import { notFound } from './errors';

/** The per-address list behind /addresses and its deprecated alias /sources. */
export async function domainAddressesResponse(actor: TActor, domainName: string, query: { days?: number; from?: string; to?: string; limit: number }) {
  const domain = await findDomainInScope(actor.scope, domainName);
  if (!domain) throw notFound('No such domain.');
  const window = queryWindow(query);
  const addresses = await listDomainAddresses(actor.scope, domain.id, window, query.limit);
  return {
    domain: domain.name,
    from: formatDay(window.start),
    to: formatDay(window.end),
    addresses: addresses.map((s) => ({
      source_ip: s.sourceIp,
      messages: s.messages,
      dmarc_pass: s.dmarcPass,
      dkim_aligned: s.dkimAligned,
      spf_aligned: s.spfAligned,
      quarantined_or_rejected: s.disposed,
      reporters: s.reporters,
      first_day: s.firstDay,
      last_day: s.lastDay,
    })),
  };
}
