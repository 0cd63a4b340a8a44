import { listDomainActivity } from '@/lib/queries';
import { ruleParams } from '@/lib/alerts/rule-params';
import type { TCandidate, TEvaluation, TRuleContext } from './types';

const DAY_MS = 86_400_000;

/**
 * A domain that received no report for `days` days (counted from its newest report's arrival,
 * or from when it was added if none ever came): one event per silence.
 */
export async function evaluateNoReports(ctx: TRuleContext): Promise<TEvaluation> {
  const p = ruleParams('no_reports', ctx.rule.params);
  const candidates: TCandidate[] = [];
  for (const a of await listDomainActivity(ctx.scope, ctx.domainIds)) {
    const since = a.lastReceivedAt ?? a.addedAt;
    const silentDays = Math.floor((ctx.now.getTime() - since.getTime()) / DAY_MS);
    if (silentDays < p.days) continue;
    candidates.push({
      dedupeKey: `no_reports:${a.domainId}:${since.toISOString()}`,
      conditionKey: `no_reports:${a.domainId}`,
      domainId: a.domainId,
      alert: { kind: 'no_reports', occurredAt: ctx.now, domain: a.domain, days: Math.min(silentDays, 3650), lastReportAt: a.lastReportEnd },
    });
  }
  return { candidates };
}
