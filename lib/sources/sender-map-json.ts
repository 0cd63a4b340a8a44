import { formatDay } from '@/lib/platform/dates';
import type { TSenderMap } from './build-sender-map';

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** The sender map as JSON (snake_case, rates to 4 decimals): `atlas sources --json` and the API. */
export function senderMapJson(map: TSenderMap) {
  return {
    domain: map.domain.name,
    from: formatDay(map.window.start),
    to: formatDay(map.window.end),
    spf: { status: map.spf.status, record: map.spf.record, lookups: map.spf.lookups, includes: map.spf.includes, checked_at: map.spf.checkedAt?.toISOString() ?? null },
    totals: {
      sources: map.sources.length,
      messages: map.totals.messages,
      named_messages: map.totals.namedMessages,
      named_share: rate(map.totals.namedMessages, map.totals.messages),
      pending_addresses: map.totals.pendingAddresses,
      by_verdict: map.totals.byVerdict,
    },
    sources: map.sources.map((s) => ({
      key: s.key,
      label: s.label,
      service: s.serviceName,
      service_id: s.serviceId,
      type: s.type,
      type_guessed: s.typeGuessed,
      matched_by: s.matchedBy,
      verdict: s.verdict.verdict,
      authorised_by: s.verdict.authorisedBy,
      reasons: s.verdict.reasons,
      messages: s.messages,
      dmarc_pass: s.dmarcPass,
      dkim_aligned: s.dkimAligned,
      spf_aligned: s.spfAligned,
      dmarc_pass_rate: rate(s.dmarcPass, s.messages),
      dkim_aligned_rate: rate(s.dkimAligned, s.messages),
      spf_aligned_rate: rate(s.spfAligned, s.messages),
      forwarded_fail: s.forwardedFail,
      addresses: s.addresses,
      reporters: s.reporters,
      first_seen: s.firstDay,
      last_seen: s.lastDay,
      ptr_domain: s.ptrBaseDomain,
      asn: s.asn,
      as_name: s.asName,
      country: s.country,
      dkim_domains: s.dkimDomains,
      spf_domains: s.spfDomains,
      decision: s.decision ? { decision: s.decision.decision, label: s.decision.label, by: s.decision.by, at: s.decision.at.toISOString() } : null,
      advice: s.advice,
    })),
  };
}
