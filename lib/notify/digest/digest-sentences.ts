import { VERDICT_LABELS } from '@/lib/sources';
import { formatCount, formatDate, formatRate, plural } from '@/lib/notify/format';
import type { TDigest, TDigestSource, TDomainDigest } from './digest-schema';

// Sentences both parts of a digest print word for word.

export function greeting(digest: TDigest): string | null {
  return digest.user.name ? `Hi ${digest.user.name},` : null;
}

export function quietWeekSentence(digest: TDigest): string {
  return digest.domains.length === 0
    ? 'This digest covers no domains yet. Choose the domains to follow in your notification settings.'
    : `No aggregate reports arrived for ${digest.domains.length === 1 ? digest.domains[0].domain : `any of your ${digest.domains.length} domains`} this week. DMARC Atlas is running and checked for them: this message is the proof. If reports should have arrived, check that the rua= address in your DMARC records still points at a mailbox DMARC Atlas reads.`;
}

export function reportsSentence(d: TDomainDigest): string {
  return `From ${plural(d.reports, 'aggregate report')} sent by ${plural(d.reporters, 'reporter')}.`;
}

export function quietDomainSentence(d: TDomainDigest, timeZone: string): string {
  const last = d.lastReportAt ? `The last report arrived on ${formatDate(d.lastReportAt, timeZone)}.` : 'No report has ever arrived for it.';
  return `No reports this week. ${last}`;
}

export function previousSentence(d: TDomainDigest): string {
  if (!d.previous || d.previous.messages === 0) return 'No mail was reported the week before.';
  return `The week before: ${plural(d.previous.messages, 'message')}, ${formatRate(d.previous.dmarcPass, d.previous.messages)} passing.`;
}

export function spoofingSentence(d: TDomainDigest): string {
  const s = d.spoofing;
  if (s.messages === 0) return 'No failing mail from unknown sources this week.';
  const delivered = Math.max(0, s.messages - s.rejected - s.quarantined);
  const head = `${plural(s.messages, 'message')} from ${plural(d.verdicts.unknown.sources, 'unknown source')} failed DMARC`;
  if (delivered === s.messages) return `${head}; receivers delivered all of them${d.policy.p === 'none' || !d.policy.record ? ' (no enforcing policy yet)' : ''}.`;
  return `${head}: receivers rejected ${formatCount(s.rejected)}, quarantined ${formatCount(s.quarantined)} and delivered ${formatCount(delivered)}.`;
}

export function policySentence(d: TDomainDigest): string {
  if (!d.policy.record) return `${d.domain} publishes no DMARC record: receivers apply no policy and send no reports.`;
  if (d.policy.p === 'none') return 'Monitoring only (p=none): receivers deliver mail that fails DMARC.';
  if (d.policy.p === 'quarantine') return 'Quarantine (p=quarantine): receivers put mail that fails DMARC in spam.';
  if (d.policy.p === 'reject') return 'Reject (p=reject): receivers refuse mail that fails DMARC.';
  return 'The published record has no valid policy (p=).';
}

export function enforcementSentence(d: TDomainDigest): string | null {
  const e = d.enforcement;
  if (!e) return null;
  if (!e.next) return `Stage: ${e.stage}. This is the last stage: nothing more to do.`;
  const open = e.gates.filter((g) => !g.holds).length;
  const gates = e.gatesHold ? 'its gates hold, you can move on' : `${plural(open, 'gate')} ${open === 1 ? 'does' : 'do'} not hold yet`;
  return `Stage: ${e.stage}. Next: ${e.next.label}; ${gates}.`;
}

/** "340 messages, 12.0% pass DMARC · Authorised, failing — fix this". */
export function sourceFacts(s: TDigestSource): string {
  return `${plural(s.messages, 'message')}, ${formatRate(s.dmarcPass, s.messages)} pass DMARC · ${VERDICT_LABELS[s.verdict]}`;
}

export function footerSentence(digest: TDigest): string {
  return `You receive this weekly digest (${digest.scope}) as ${digest.user.email}.`;
}
