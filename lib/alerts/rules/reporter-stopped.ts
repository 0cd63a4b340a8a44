import { listReporterActivity } from '@/lib/queries';
import { ruleParams } from '@/lib/alerts/rule-params';
import type { TCandidate, TEvaluation, TRuleContext } from './types';

const DAY_MS = 86_400_000;
/** The weeks a reporter's weight is measured over. */
const BASELINE_DAYS = 28;

/**
 * A reporter with at least `minShare` of a domain's mail over the 4 weeks before whose newest
 * report ended more than `days` ago, while others still report the domain (a domain nobody
 * reports is the no_reports alert's). One event per reporter and silence.
 */
export async function evaluateReporterStopped(ctx: TRuleContext): Promise<TEvaluation> {
  const p = ruleParams('reporter_stopped', ctx.rule.params);
  const cutoff = ctx.now.getTime() - p.days * DAY_MS;
  const rows = await listReporterActivity(ctx.scope, ctx.domainIds, ctx.now, BASELINE_DAYS + p.days);
  const alive = new Set(rows.filter((r) => r.lastReportEnd.getTime() >= cutoff).map((r) => r.domainId));
  const candidates: TCandidate[] = [];
  for (const r of rows) {
    if (!alive.has(r.domainId) || r.lastReportEnd.getTime() >= cutoff) continue;
    if (r.domainMessages === 0 || r.messages / r.domainMessages < p.minShare) continue;
    candidates.push({
      dedupeKey: `reporter_stopped:${r.domainId}:${r.reporter}:${r.lastReportEnd.toISOString()}`.slice(0, 500),
      conditionKey: `reporter_stopped:${r.domainId}:${r.reporter}`.slice(0, 500),
      domainId: r.domainId,
      alert: {
        kind: 'reporter_stopped',
        occurredAt: ctx.now,
        domain: r.domain,
        reporter: r.reporter,
        lastReportAt: r.lastReportEnd,
        weeklyMessages: Math.round((r.messages / (BASELINE_DAYS + p.days)) * 7),
      },
    });
  }
  return { candidates };
}
