import { dayWindow, formatDay } from '@/lib/platform/dates';
import { listDomainDays, type TDomainDayRates } from '@/lib/queries';
import { ruleParams } from '@/lib/alerts/rule-params';
import type { TCandidate, TEvaluation, TRuleContext } from './types';

const DAY_MS = 86_400_000;
/** Completed days looked at each run: late reports for any of them re-evaluate that day. */
export const PASS_RATE_DAYS = 7;

const nextDay = (day: string) => formatDay(new Date(new Date(`${day}T00:00:00Z`).getTime() + DAY_MS));

/** The completed UTC days of the last week (today is still filling up), per domain. */
async function recentDays(ctx: TRuleContext, extraDays: number): Promise<Map<number, TDomainDayRates[]>> {
  const end = dayWindow({ days: 1 }, ctx.now).start; // today 00:00 UTC, exclusive
  const rows = await listDomainDays(ctx.scope, ctx.domainIds, { start: new Date(end.getTime() - (PASS_RATE_DAYS + extraDays) * DAY_MS), end });
  const byDomain = new Map<number, TDomainDayRates[]>();
  for (const r of rows) byDomain.set(r.domainId, [...(byDomain.get(r.domainId) ?? []), r]);
  return byDomain;
}

/** A day whose pass rate is under the threshold; one event per domain and day. */
export async function evaluatePassRateBelow(ctx: TRuleContext): Promise<TEvaluation> {
  const p = ruleParams('pass_rate_below', ctx.rule.params);
  const candidates: TCandidate[] = [];
  for (const [domainId, days] of await recentDays(ctx, 0)) {
    for (const d of days) {
      if (d.messages < p.minMessages || d.dmarcPass / d.messages >= p.threshold) continue;
      candidates.push({
        dedupeKey: `pass_rate_below:${domainId}:${d.day}`,
        conditionKey: `pass_rate_below:${domainId}`,
        domainId,
        alert: { kind: 'pass_rate_below', occurredAt: ctx.now, domain: d.domain, window: { from: d.day, to: nextDay(d.day) }, current: { messages: d.messages, dmarcPass: d.dmarcPass }, threshold: p.threshold },
      });
    }
  }
  return { candidates };
}

/** A day whose pass rate is `dropPoints` below the 7 days before it; one event per domain and day. */
export async function evaluatePassRateDropped(ctx: TRuleContext): Promise<TEvaluation> {
  const p = ruleParams('pass_rate_dropped', ctx.rule.params);
  const candidates: TCandidate[] = [];
  const recentFrom = formatDay(new Date(dayWindow({ days: 1 }, ctx.now).start.getTime() - PASS_RATE_DAYS * DAY_MS));
  for (const [domainId, days] of await recentDays(ctx, 7)) {
    for (const d of days.filter((x) => x.day >= recentFrom)) {
      const from = formatDay(new Date(new Date(`${d.day}T00:00:00Z`).getTime() - 7 * DAY_MS));
      const before = days.filter((x) => x.day >= from && x.day < d.day);
      const previous = { messages: before.reduce((a, x) => a + x.messages, 0), dmarcPass: before.reduce((a, x) => a + x.dmarcPass, 0) };
      if (d.messages < p.minMessages || previous.messages < p.minMessages) continue;
      const drop = (previous.dmarcPass / previous.messages - d.dmarcPass / d.messages) * 100;
      if (drop < p.dropPoints) continue;
      candidates.push({
        dedupeKey: `pass_rate_dropped:${domainId}:${d.day}`,
        conditionKey: `pass_rate_dropped:${domainId}`,
        domainId,
        alert: {
          kind: 'pass_rate_dropped',
          occurredAt: ctx.now,
          domain: d.domain,
          window: { from: d.day, to: nextDay(d.day) },
          current: { messages: d.messages, dmarcPass: d.dmarcPass },
          previous,
          dropPoints: p.dropPoints,
        },
      });
    }
  }
  return { candidates };
}
