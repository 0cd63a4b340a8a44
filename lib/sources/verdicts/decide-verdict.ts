import type { TAuthDomainVolume } from '@/lib/queries';
import { baseDomain } from '@/lib/platform/net';
import { matchDomain } from '@/lib/sources/match-service';
import { FORWARDING_TYPES, NETWORK_TYPES, type TSenderService, type TServiceType } from '@/lib/sources/types';

// The verdict for one sending source of one domain (docs: design.md, "Verdicts for a sending
// source"). Pure: every input is already aggregated in SQL; unit-tested in tests/unit/senders.

import { type TVerdict } from './verdict-names';

export { VERDICT_LABELS, VERDICTS, type TVerdict } from './verdict-names';

/** An authorised source passes when at least this share of its mail passes DMARC (forwards excused). */
export const PASSING_SHARE = 0.95;
/** Share of a source's mail passing aligned SPF or DKIM that shows the domain set it up. */
export const ALIGNED_EVIDENCE_SHARE = 0.05;
/** Share of failures excused as forwarded by receivers that makes a source a forwarder. */
export const FORWARDED_FAILURE_SHARE = 0.5;

export interface TVerdictStats {
  messages: number;
  dmarcPass: number;
  dkimAligned: number;
  spfAligned: number;
  forwardedFail: number;
  dkimPassUnaligned: number;
  spfDomains: TAuthDomainVolume[];
}

export interface TDecision {
  decision: 'approved' | 'rejected';
  label: string | null;
  by: string | null;
  at: Date;
}

export interface TVerdictInput {
  /** The policy domain (the domain whose sender map this is). */
  domain: string;
  stats: TVerdictStats;
  service: TSenderService | null;
  /** The service's type, or the type guessed for an unlisted network from its AS name. */
  serviceType: TServiceType | null;
  decision: TDecision | null;
  /** include:/redirect= targets of the domain's published SPF record (recursively). */
  spfIncludes: readonly string[];
  /** DKIM selectors found published at <selector>._domainkey.<domain>. */
  selectorsFound: readonly string[];
}

export type TAuthorisedBy = 'decision' | 'spf-include' | 'dkim-selector' | 'alignment';

export interface TVerdictResult {
  verdict: TVerdict;
  authorisedBy: TAuthorisedBy | null;
  /** Why, in a few short sentences a mail administrator can check. */
  reasons: string[];
  /** DMARC pass share, and the same with receiver-excused forwards counted as passing. */
  passRate: number;
  effectivePassRate: number;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/** Whether any include of the domain's SPF belongs to the service (its include or its domains). */
export function spfIncludesService(includes: readonly string[], service: TSenderService): string | null {
  for (const inc of includes) {
    if (service.spf.includes(inc)) return inc;
    const base = baseDomain(inc);
    if (base && service.domains.some((d) => d === base || d === inc || inc.endsWith(`.${d}`))) return inc;
  }
  return null;
}

export function decideVerdict(input: TVerdictInput): TVerdictResult {
  const { stats, service, decision } = input;
  const m = Math.max(stats.messages, 1);
  const passRate = stats.dmarcPass / m;
  const effectivePassRate = Math.min(1, (stats.dmarcPass + stats.forwardedFail) / m);
  const failing = stats.messages - stats.dmarcPass;
  const type = service?.type ?? input.serviceType;
  const sendingService = service !== null && !NETWORK_TYPES.has(service.type) && !FORWARDING_TYPES.has(service.type);
  const name = service?.name ?? 'this source';
  const reasons: string[] = [];

  const authorised = (by: TAuthorisedBy): TVerdictResult => {
    const passing = effectivePassRate >= PASSING_SHARE;
    if (passing) reasons.push(`${pct(passRate)} of its mail passes DMARC.`);
    else reasons.push(`Only ${pct(passRate)} of its mail passes DMARC${stats.forwardedFail > 0 ? ` (${pct(effectivePassRate)} counting forwards)` : ''}.`);
    return { verdict: passing ? 'authorised_passing' : 'authorised_failing', authorisedBy: by, reasons, passRate, effectivePassRate };
  };
  const verdict = (v: TVerdict): TVerdictResult => ({ verdict: v, authorisedBy: null, reasons, passRate, effectivePassRate });

  // 1. A person's decision outranks every heuristic.
  if (decision?.decision === 'approved') {
    reasons.push(`Approved${decision.by ? ` by ${decision.by}` : ''} on ${decision.at.toISOString().slice(0, 10)}.`);
    return authorised('decision');
  }
  if (decision?.decision === 'rejected') {
    reasons.push(`Rejected${decision.by ? ` by ${decision.by}` : ''} on ${decision.at.toISOString().slice(0, 10)}: not a sender of ${input.domain}.`);
    return verdict('unknown');
  }

  // 2. Known forwarding services and list servers re-send other people's mail.
  if (type && FORWARDING_TYPES.has(type)) {
    reasons.push(`${name} is a ${type === 'mailing_list' ? 'mailing list' : 'forwarding'} service: it re-sends mail, which breaks SPF alignment.`);
    return verdict('forwarder');
  }

  // 3. The domain set the service up: its SPF include or its DKIM selector is published.
  if (service && sendingService) {
    const include = spfIncludesService(input.spfIncludes, service);
    if (include) {
      reasons.push(`The SPF record of ${input.domain} includes ${include} (${service.name}).`);
      return authorised('spf-include');
    }
    const selector = service.selectors.find((s) => input.selectorsFound.includes(s));
    if (selector) {
      reasons.push(`${input.domain} publishes the ${service.name} DKIM selector ${selector}._domainkey.`);
      return authorised('dkim-selector');
    }
  }

  // 4. Forwarding: receivers excused the failures, or DKIM survived while SPF broke.
  const canForward = !service || !sendingService || service.type === 'mailbox' || service.type === 'security';
  if (canForward) {
    const ourBase = baseDomain(input.domain);
    const envelope = [...stats.spfDomains].sort((a, b) => b.messages - a.messages)[0];
    const envelopeOurs = envelope !== undefined && baseDomain(envelope.domain) === ourBase;
    // An envelope of a sending service (amazonses.com, sendgrid.net…) is that service's own
    // mail, not a forward: forwarders rewrite the envelope to their own domain (SRS).
    const envelopeService = envelope ? matchDomain(envelope.domain) : null;
    const envelopeSends = envelopeService !== null && !NETWORK_TYPES.has(envelopeService.type) && !FORWARDING_TYPES.has(envelopeService.type) && envelopeService.type !== 'mailbox';
    if (failing > 0 && stats.forwardedFail >= failing * FORWARDED_FAILURE_SHARE) {
      reasons.push(`Receivers marked ${pct(stats.forwardedFail / failing)} of its failing mail as forwarded or from a mailing list.`);
      return verdict('forwarder');
    }
    if (stats.spfAligned < m * 0.02 && stats.dkimAligned >= m * ALIGNED_EVIDENCE_SHARE && envelope && !envelopeOurs && !envelopeSends) {
      reasons.push(`Your DKIM signature survives (${pct(stats.dkimAligned / m)}) but SPF never aligns and the envelope sender is not yours: mail forwarded on.`);
      return verdict('forwarder');
    }
    if (failing > 0 && !sendingService && stats.dkimPassUnaligned >= m * 0.5) {
      reasons.push(`Most of its mail carries a valid DKIM signature of another domain: a list or forwarder re-signing it.`);
      return verdict('forwarder');
    }
  }

  // 5. Some of its mail passes with the domain's own SPF or DKIM: someone set it up.
  const alignedShare = stats.dmarcPass / m;
  if (alignedShare >= ALIGNED_EVIDENCE_SHARE) {
    // Name each mechanism with its own share: the DMARC pass share (either one) is said next.
    reasons.push(`Part of its mail passes with ${input.domain}'s own authentication (aligned DKIM ${pct(stats.dkimAligned / m)}, aligned SPF ${pct(stats.spfAligned / m)}), so ${input.domain} has set it up.`);
    return authorised('alignment');
  }

  if (service && sendingService) reasons.push(`${service.name} sends as ${input.domain}, but nobody approved it and nothing of ${input.domain} authorises it.`);
  else reasons.push(`Nobody approved it and ${pct(passRate)} of its mail passes DMARC.`);
  return verdict('unknown');
}
