import { VERDICTS, VERDICT_LABELS, type TVerdict } from '@/lib/sources';
import { formatCount, formatRate, formatTrend, formatWeekShort, plural, trendDirection } from '@/lib/notify/format';
import type { TDigest, TDomainDigest } from './digest-schema';

// Figures of a digest as both parts print them, derived once from the counts.

export interface TDomainFigures {
  domain: string;
  messages: string;
  passRate: string;
  previousRate: string;
  trend: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  /** Authorised sources failing: the "to fix" count. */
  toFix: number;
  spoofing: string;
  quiet: boolean;
}

export interface TVerdictRow {
  verdict: TVerdict;
  label: string;
  sources: string;
  messages: string;
  share: string;
}

export function domainFigures(d: TDomainDigest): TDomainFigures {
  return {
    domain: d.domain,
    messages: formatCount(d.messages),
    passRate: formatRate(d.dmarcPass, d.messages),
    previousRate: d.previous ? formatRate(d.previous.dmarcPass, d.previous.messages) : '—',
    trend: formatTrend(d, d.previous),
    direction: trendDirection(d, d.previous),
    toFix: d.verdicts.authorised_failing.sources,
    spoofing: formatCount(d.spoofing.messages),
    quiet: d.messages === 0,
  };
}

export function verdictRows(d: TDomainDigest): TVerdictRow[] {
  return VERDICTS.map((verdict) => ({
    verdict,
    label: VERDICT_LABELS[verdict],
    sources: formatCount(d.verdicts[verdict].sources),
    messages: formatCount(d.verdicts[verdict].messages),
    share: formatRate(d.verdicts[verdict].messages, d.messages),
  }));
}

/** The sum over every domain (the overall table's last row). */
export function totalFigures(domains: TDomainDigest[]): TDomainFigures {
  const sum = (pick: (d: TDomainDigest) => number) => domains.reduce((acc, d) => acc + pick(d), 0);
  const now = { messages: sum((d) => d.messages), dmarcPass: sum((d) => d.dmarcPass) };
  const compared = domains.filter((d) => d.previous);
  const before = compared.length ? { messages: sum((d) => d.previous?.messages ?? 0), dmarcPass: sum((d) => d.previous?.dmarcPass ?? 0) } : null;
  return {
    domain: `All ${domains.length} domains`,
    messages: formatCount(now.messages),
    passRate: formatRate(now.dmarcPass, now.messages),
    previousRate: before ? formatRate(before.dmarcPass, before.messages) : '—',
    trend: formatTrend(now, before),
    direction: trendDirection(now, before),
    toFix: sum((d) => d.verdicts.authorised_failing.sources),
    spoofing: formatCount(sum((d) => d.spoofing.messages)),
    quiet: now.messages === 0,
  };
}

/** Whether no mail at all was reported for any domain this week. */
export const isQuietWeek = (digest: TDigest): boolean => digest.domains.every((d) => d.messages === 0);

/** The subject: the headline figures, so the inbox list alone tells how the week went. */
export function digestSubject(digest: TDigest): string {
  const week = formatWeekShort(digest.week);
  if (digest.domains.length === 0) return `DMARC digest ${week}: no domains selected`;
  if (isQuietWeek(digest)) return `DMARC digest ${week}: no reports received this week`;
  if (digest.domains.length === 1) {
    const f = domainFigures(digest.domains[0]);
    return `DMARC digest ${week}: ${f.domain} ${f.passRate} pass, ${plural(digest.domains[0].messages, 'message')}`;
  }
  const t = totalFigures(digest.domains);
  const fix = t.toFix > 0 ? `, ${plural(t.toFix, 'source')} to fix` : '';
  return `DMARC digest ${week}: ${digest.domains.length} domains, ${t.passRate} pass${fix}`;
}

/** The preheader: the line mail clients show after the subject. */
export function digestPreheader(digest: TDigest): string {
  if (digest.domains.length === 0) return 'Choose the domains this digest covers in your notification settings.';
  if (isQuietWeek(digest)) return 'No aggregate reports arrived this week. DMARC Atlas is running: this mail is the proof.';
  const t = digest.domains.length === 1 ? domainFigures(digest.domains[0]) : totalFigures(digest.domains);
  const newSources = digest.domains.reduce((acc, d) => acc + d.newSources.total, 0);
  const parts = [`${t.messages} messages`, `${t.passRate} pass DMARC${t.trend === 'n/a' ? '' : ` (${t.trend})`}`];
  if (t.toFix) parts.push(`${plural(t.toFix, 'source')} to fix`);
  if (newSources) parts.push(`${plural(newSources, 'new source')}`);
  return `${parts.join(', ')}.`;
}
