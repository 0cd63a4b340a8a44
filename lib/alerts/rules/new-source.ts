import { dayWindow } from '@/lib/platform/dates';
import { listDomainDays, listSourceKeysSeen } from '@/lib/queries';
import { buildSenderMap } from '@/lib/sources';
import { ruleParams } from '@/lib/alerts/rule-params';
import type { TCandidate, TEvaluation, TRuleContext } from './types';

const DAY_MS = 86_400_000;
/** "First seen" means not seen in this many days before the lookback. */
const HISTORY_DAYS = 180;
/** At most this many new sources per domain and run: a burst is summarised by the busiest ones. */
const MAX_PER_DOMAIN = 20;

/**
 * Sources first seen within the lookback days (today included, so late reports for past days
 * count too) and absent from the 180 days before. A domain without any earlier mail has no
 * "new" sources: its first reports would otherwise all be news.
 */
export async function evaluateNewSource(ctx: TRuleContext): Promise<TEvaluation> {
  const p = ruleParams('new_source', ctx.rule.params);
  const window = dayWindow({ days: p.lookbackDays + 1 }, ctx.now);
  const history = { start: new Date(window.start.getTime() - HISTORY_DAYS * DAY_MS), end: window.start };
  const days = await listDomainDays(ctx.scope, ctx.domainIds, history);
  const withHistory = new Map(days.filter((d) => d.messages > 0).map((d) => [d.domainId, d.domain]));
  const candidates: TCandidate[] = [];
  for (const [domainId, name] of withHistory) {
    const [map, seen] = await Promise.all([buildSenderMap(ctx.scope, { id: domainId, name }, window), listSourceKeysSeen(ctx.scope, domainId, history)]);
    const fresh = map.sources
      .filter((s) => !seen.has(s.key) && s.messages >= p.minMessages)
      .filter((s) => !p.onlyFailing || s.verdict.verdict === 'unknown' || s.verdict.verdict === 'authorised_failing')
      .slice(0, MAX_PER_DOMAIN);
    for (const s of fresh) {
      const key = `new_source:${domainId}:${s.key}`;
      candidates.push({
        dedupeKey: key,
        conditionKey: key,
        domainId,
        alert: {
          kind: 'new_source',
          occurredAt: ctx.now,
          domain: name,
          path: `/domains/${encodeURIComponent(name)}/sources`,
          source: {
            label: s.label,
            ip: null,
            detail: [`${s.addresses} ${s.addresses === 1 ? 'address' : 'addresses'}`, s.asn ? `AS${s.asn}` : null, s.country].filter(Boolean).join(' · '),
            verdict: s.verdict.verdict,
            messages: s.messages,
            dmarcPass: s.dmarcPass,
            firstSeen: new Date(`${s.firstDay}T00:00:00Z`),
          },
        },
      });
    }
  }
  return { candidates };
}
