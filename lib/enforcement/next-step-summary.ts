import type { TAccessScope } from '@/lib/access';
import { findDomainById, getDomainDnsState } from '@/lib/queries';
import { evaluateEnforcement } from './evaluate-enforcement';
import { loadDnsCheck } from './load-dns';
import { stageLabel, type TCurrentStage } from './stages';
import { readStoredCheck } from './stored-check';

export interface TNextStepSummary {
  stage: { id: TCurrentStage; label: string };
  next: { id: string; label: string; record: string } | null;
  gatesHold: boolean;
  gates: { label: string; holds: boolean; detail: string }[];
}

/**
 * The next enforcement step of a domain and whether its gates hold, for the weekly digest
 * (lib/notify): the published record as the DNS watch last saw it (checked now only when it
 * never was, unless `storedOnly`), gates and windows ending on `asOf`. Null for a domain outside
 * the scope, and with `storedOnly` for one the watch never checked: a scheduled digest must not
 * wait on DNS, nor call a domain unpublished merely for not having looked.
 */
export async function nextStepSummary(scope: TAccessScope, domainId: number, asOf: Date = new Date(), options: { storedOnly?: boolean } = {}): Promise<TNextStepSummary | null> {
  const domain = await findDomainById(scope, domainId);
  if (!domain) return null;
  let dns: Awaited<ReturnType<typeof loadDnsCheck>>;
  if (options.storedOnly) {
    const stored = await getDomainDnsState(scope, domain.id);
    const check = stored ? readStoredCheck(stored.result) : null;
    if (!stored || !check) return null;
    dns = { check, checkedAt: stored.checkedAt };
  } else {
    dns = await loadDnsCheck(scope, domain);
  }
  const e = await evaluateEnforcement({ scope, domain, dns, asOf });
  const pct = e.settings.testingPct;
  return {
    stage: { id: e.stage.current, label: stageLabel(e.stage.current, pct) },
    next: e.stage.next && e.record ? { id: e.stage.next, label: stageLabel(e.stage.next, pct), record: e.record.value } : null,
    gatesHold: e.gatesHold,
    gates: e.gates.map((g) => ({ label: g.label, holds: g.met, detail: g.detail })),
  };
}
