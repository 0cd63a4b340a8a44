import { operatorScope } from '@/lib/access';
import { prisma, type Prisma } from '@/lib/platform/db';
import type { TJobContext } from '@/lib/platform/jobs';
import { log } from '@/lib/platform/log';
import { listEnabledAlertRules, type TAlertRuleRow } from '@/lib/queries';
import { ZAlertKind } from './rule-params';
import { EVALUATORS } from './rules';
import { queueDeliveries } from './queue-deliveries';
import { recordEvent } from './record-event';

export interface TAlertRun {
  rules: number;
  sent: number;
  suppressed: number;
  failedRules: number;
}

/** A rule's domains: the ones it names that its organisation still owns, or all of them. */
function ruleDomains(rule: TAlertRuleRow): number[] {
  const owned = rule.organization.domains.map((d) => d.id);
  return rule.domainIds.length ? owned.filter((id) => rule.domainIds.includes(id)) : owned;
}

/**
 * Evaluates every enabled rule of every organisation (or of one) now: each finds its events,
 * each event is stored once and delivered unless its condition is cooling down. A rule that
 * fails is logged and skipped; the others still run. Re-running is harmless, and since the
 * rules look back over recent days, late reports for past days are picked up on the next run.
 */
export async function evaluateAlerts(context: Pick<TJobContext, 'send'>, options: { now?: Date; organizationId?: number } = {}): Promise<TAlertRun> {
  const now = options.now ?? new Date();
  const scope = await operatorScope();
  const rules = (await listEnabledAlertRules(scope)).filter((r) => !options.organizationId || r.organizationId === options.organizationId);
  const run: TAlertRun = { rules: rules.length, sent: 0, suppressed: 0, failedRules: 0 };
  for (const rule of rules) {
    const kind = ZAlertKind.safeParse(rule.kind);
    if (!kind.success) continue;
    try {
      const domainIds = ruleDomains(rule);
      const state = (rule.state ?? {}) as Record<string, unknown>;
      const evaluation = await EVALUATORS[kind.data]({ rule, kind: kind.data, scope: { domainIds }, domainIds, now, state });
      for (const candidate of evaluation.candidates) {
        const recorded = await recordEvent({ id: rule.id, organizationId: rule.organizationId, organizationName: rule.organization.name, cooldownMinutes: rule.cooldownMinutes }, candidate, now);
        if (!recorded) continue;
        if (recorded.status === 'suppressed') {
          run.suppressed += 1;
          continue;
        }
        run.sent += 1;
        await queueDeliveries(recorded.eventId, rule, candidate.domainId, context.send);
      }
      if (evaluation.state) await prisma().alertRule.update({ where: { id: rule.id }, data: { state: evaluation.state as Prisma.InputJsonObject } });
    } catch (error) {
      run.failedRules += 1;
      log.error({ err: error, ruleId: rule.id, kind: rule.kind }, 'alert rule evaluation failed');
    }
  }
  if (run.sent || run.suppressed || run.failedRules) log.info({ alerts: run }, 'alerts evaluated');
  return run;
}
