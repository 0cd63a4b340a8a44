import type { TReportedPolicy } from '@/lib/queries';
import { classifyReportedPolicy } from './published-policy';
import type { TCurrentStage } from './stages';

const DAY_MS = 86_400_000;

/**
 * How many days the domain has been at `stage` up to `end` (exclusive), by the receivers' view:
 * the latest run of report days whose policy_published (most messages that day) shows it.
 * `observedSince` (when the DNS watch first saw the stage) counts too: reports lag, and some
 * reporters cannot show t=y.
 */
export function daysAtStage(stage: TCurrentStage, policies: TReportedPolicy[], end: Date, observedSince: Date | null): number {
  const byDay = new Map<string, Map<TCurrentStage, number>>();
  for (const p of policies) {
    const day = byDay.get(p.day) ?? new Map<TCurrentStage, number>();
    const s = classifyReportedPolicy(p);
    day.set(s, (day.get(s) ?? 0) + Math.max(p.messages, 1));
    byDay.set(p.day, day);
  }
  let since: string | null = null;
  for (const day of [...byDay.keys()].sort().reverse()) {
    const counts = [...byDay.get(day)!].sort((a, b) => b[1] - a[1]);
    if (counts[0][0] !== stage) break;
    since = day;
  }
  const fromReports = since ? Math.max(0, Math.floor((end.getTime() - Date.parse(`${since}T00:00:00Z`)) / DAY_MS)) : 0;
  const fromWatch = observedSince && observedSince < end ? Math.floor((end.getTime() - observedSince.getTime()) / DAY_MS) : 0;
  return Math.max(fromReports, fromWatch);
}
