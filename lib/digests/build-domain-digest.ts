import type { TAccessScope } from '@/lib/access';
import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainDigest, TEnforcement, ZDomainDigest } from '@/lib/notify';
import { listSourceFailures, listSourceKeysSeen, type TDigestFigures, type TDomainPolicyRecord } from '@/lib/queries';
import { buildSenderMap, type TSenderMapSource } from '@/lib/sources';
import { nextStepSummary } from '@/lib/enforcement';
import type { z } from 'zod';

const DAY_MS = 86_400_000;
/** "New this week" means not seen in this many days before the week. */
export const NEW_SOURCE_LOOKBACK_DAYS = 180;

type TDomainDigestInput = z.input<typeof ZDomainDigest>;

const sourcePath = (domain: string) => `/domains/${encodeURIComponent(domain)}/sources`;

function detail(s: TSenderMapSource): string {
  return [`${s.addresses} ${s.addresses === 1 ? 'address' : 'addresses'}`, s.asn ? `AS${s.asn}` : null, s.country].filter(Boolean).join(' · ');
}

/**
 * The record as the DNS watch last saw it; before it has looked (a fresh install), the policy
 * the newest report says receivers found published. Never "no record" merely for not knowing.
 */
function policyOf(published: TDomainPolicyRecord | undefined): TDomainDigest['policy'] {
  const record = published?.observedAt ? published.record : (published?.reported ?? null);
  const fromRecord = record ? /(?:^|;)\s*p\s*=\s*(none|quarantine|reject)\s*(?:;|$)/i.exec(record)?.[1] : undefined;
  const p = (fromRecord ?? published?.reportedP ?? '').toLowerCase();
  return { record, p: p === 'none' || p === 'quarantine' || p === 'reject' ? p : null };
}

/** The enforcement step of a domain as the digest shows it: stage, next stage with its record, gates. */
async function enforcementStep(scope: TAccessScope, domain: { id: number; name: string }, asOf: Date): Promise<TEnforcement | null> {
  const step = await nextStepSummary(scope, domain.id, asOf, { storedOnly: true });
  if (!step) return null;
  return { stage: step.stage.label, next: step.next ? { label: step.next.label, record: step.next.record } : null, gatesHold: step.gatesHold, gates: step.gates };
}

/** One domain's section of a digest: SQL figures, the week's sender map, new sources, spoofing. */
export async function buildDomainDigest(scope: TAccessScope, figures: TDigestFigures, week: TDayWindow, published: TDomainPolicyRecord | undefined): Promise<TDomainDigestInput> {
  const domain = { id: figures.domainId, name: figures.domain };
  const before = { start: new Date(week.start.getTime() - NEW_SOURCE_LOOKBACK_DAYS * DAY_MS), end: week.start };
  const [map, seenBefore, failures, enforcement] = await Promise.all([
    buildSenderMap(scope, domain, week),
    listSourceKeysSeen(scope, domain.id, before),
    listSourceFailures(scope, domain.id, domain.name, week),
    enforcementStep(scope, domain, week.end),
  ]);
  const path = sourcePath(domain.name);
  const asSource = (s: TSenderMapSource) => ({ label: s.label, detail: detail(s), verdict: s.verdict.verdict, messages: s.messages, dmarcPass: s.dmarcPass, path });
  const fresh = map.sources.filter((s) => !seenBefore.has(s.key));
  const failing = map.sources
    .filter((s) => (s.verdict.verdict === 'authorised_failing' || s.verdict.verdict === 'unknown') && s.messages > s.dmarcPass)
    .sort((a, b) => b.messages - b.dmarcPass - (a.messages - a.dmarcPass) || a.label.localeCompare(b.label));
  const spoofing = { messages: 0, quarantined: 0, rejected: 0 };
  const failuresByKey = new Map(failures.map((f) => [f.key, f]));
  for (const s of map.sources.filter((x) => x.verdict.verdict === 'unknown')) {
    const f = failuresByKey.get(s.key);
    if (!f) continue;
    spoofing.messages += f.failing + f.failingSub;
    spoofing.quarantined += f.quarantined;
    spoofing.rejected += f.rejected;
  }
  return {
    domain: domain.name,
    path,
    messages: figures.messages,
    dmarcPass: figures.dmarcPass,
    previous: figures.previous,
    reports: figures.reports,
    reporters: figures.reporters,
    lastReportAt: figures.lastReportAt,
    verdicts: map.totals.byVerdict,
    newSources: { total: fresh.length, top: fresh.slice(0, 10).map(asSource) },
    worstFailing: failing.slice(0, 5).map((s) => ({ ...asSource(s), advice: s.advice.slice(0, 3) })),
    spoofing,
    policy: policyOf(published),
    enforcement,
  };
}
