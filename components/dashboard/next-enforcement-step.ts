import type { TReportedPolicy } from '@/lib/queries';

export interface TNextStep {
  /** Short: "Move to p=quarantine". */
  label: string;
  /** One sentence on why and how. */
  detail: string;
  done: boolean;
}

/**
 * The next stage on the road to p=reject for a domain's published policy (as reported), in the
 * words of the enforcement wizard's stages (design.md: none → quarantine, partial/testing →
 * quarantine → reject, partial/testing → reject). The wizard decides whether the gates hold;
 * this only names the step.
 */
export function nextEnforcementStep(policy: Pick<TReportedPolicy, 'p' | 'pct' | 'testing'> | null): TNextStep {
  const p = policy?.p?.trim().toLowerCase() ?? null;
  const pct = policy?.pct ? Number(policy.pct) : 100;
  const partial = (Number.isFinite(pct) && pct < 100) || policy?.testing?.toLowerCase() === 'y';
  if (!p) return { label: 'Publish a DMARC record', detail: 'No report states a policy yet: publish p=none with a rua address to start monitoring.', done: false };
  if (p === 'none') return { label: 'Move to p=quarantine', detail: 'Monitoring only: failing mail is delivered. Quarantine it, in testing first, once your own senders pass.', done: false };
  if (p === 'quarantine' && partial) return { label: 'Quarantine all failing mail', detail: 'The policy covers only part of the failing mail (pct or t=y): apply it to all of it.', done: false };
  if (p === 'quarantine') return { label: 'Move to p=reject', detail: 'Failing mail lands in spam. Reject it, in testing first, when nothing legitimate fails.', done: false };
  if (p === 'reject' && partial) return { label: 'Reject all failing mail', detail: 'The policy covers only part of the failing mail (pct or t=y): apply it to all of it.', done: false };
  if (p === 'reject') return { label: 'Enforced', detail: 'Failing mail is refused. Keep watching for new senders that fail.', done: true };
  return { label: 'Fix the policy', detail: `Receivers do not know p=${p.slice(0, 16)}: publish none, quarantine or reject.`, done: false };
}
