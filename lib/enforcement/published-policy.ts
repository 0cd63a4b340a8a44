import { parseDmarc } from '@/lib/dns';
import type { TCurrentStage, TPolicy } from './stages';

/** The DMARC record a domain publishes, as the wizard reads it. */
export interface TPublishedPolicy {
  record: string | null;
  p: string | null;
  sp: string | null;
  np: string | null;
  pct: number | null;
  t: string | null;
  /** Lower-case tag → value of the record ({} without one). */
  tags: Record<string, string>;
  /** Receivers use the record (v=DMARC1 first, one record). */
  usable: boolean;
  /** No record of its own: a parent's applies (its sp as this domain's policy). */
  inherited: boolean;
}

const POLICIES = new Set<string>(['none', 'quarantine', 'reject']);
const asPolicy = (v: string | null | undefined): TPolicy | null => (v && POLICIES.has(v.toLowerCase()) ? (v.toLowerCase() as TPolicy) : null);

/** The record's tags; `record` comes from DNS, i.e. from anyone: parsed, never trusted. */
export function readPublishedPolicy(record: string | null, domain: string): TPublishedPolicy {
  if (!record) return { record: null, p: null, sp: null, np: null, pct: null, t: null, tags: {}, usable: false, inherited: false };
  const parsed = parseDmarc(record, domain);
  const tags = parsed.tags;
  const pct = tags.pct !== undefined && /^\d{1,3}$/.test(tags.pct) ? Math.min(100, Number(tags.pct)) : null;
  return { record, p: tags.p ?? null, sp: tags.sp ?? null, np: tags.np ?? null, pct, t: tags.t ?? null, tags, usable: parsed.usable, inherited: false };
}

/**
 * What a DNS check found published for the domain. An inherited record (a parent's) applies
 * its subdomain policy to this domain, so the wizard reads it that way.
 */
export function publishedFromCheck(dmarc: { record: string | null; inherited: boolean; policy_domain: string | null }, domain: string): TPublishedPolicy {
  const own = readPublishedPolicy(dmarc.record, dmarc.policy_domain ?? domain);
  if (!dmarc.inherited || !own.record) return own;
  const sp = own.sp ?? own.p;
  return { ...own, p: sp, sp, np: own.np ?? sp, inherited: true };
}

/** Effective policies: sp defaults to p, np (DMARCbis) to sp. */
export function effectivePolicies(published: TPublishedPolicy): { p: TPolicy; sp: TPolicy; np: TPolicy } {
  // RFC 7489 6.6.3: an invalid or missing p= with a usable record is read as none.
  const p = asPolicy(published.p) ?? 'none';
  const sp = asPolicy(published.sp) ?? p;
  const np = asPolicy(published.np) ?? sp;
  return { p, sp, np };
}

/** pct below 100 (RFC 7489) or t=y (DMARCbis). */
export function isTesting(published: Pick<TPublishedPolicy, 'pct' | 't'>): boolean {
  return published.t?.toLowerCase() === 'y' || (published.pct !== null && published.pct < 100);
}

/** The stage a published record puts the domain at. */
export function classifyPublished(published: TPublishedPolicy): TCurrentStage {
  if (!published.record || !published.usable) return 'unpublished';
  const { p, sp, np } = effectivePolicies(published);
  const testing = isTesting(published);
  if (p === 'none') return 'monitoring';
  if (p === 'quarantine') return testing ? 'quarantine_testing' : 'quarantine';
  if (testing) return 'reject_testing';
  return sp === 'reject' && np === 'reject' ? 'subdomains' : 'reject';
}

/** The stage a policy from a report's policy_published shows (reporters' view of the record). */
export function classifyReportedPolicy(policy: { p: string | null; sp: string | null; np: string | null; pct: string | null; testing: string | null }): TCurrentStage {
  if (!asPolicy(policy.p)) return 'unpublished';
  const pct = policy.pct !== null && /^\d{1,3}$/.test(policy.pct.trim()) ? Number(policy.pct.trim()) : null;
  return classifyPublished({ record: 'report', p: policy.p, sp: policy.sp, np: policy.np, pct, t: policy.testing?.trim().toLowerCase() === 'y' ? 'y' : null, tags: {}, usable: true, inherited: false });
}
