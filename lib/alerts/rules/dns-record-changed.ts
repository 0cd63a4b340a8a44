import { listDnsRecordChanges } from '@/lib/queries';
import { ruleParams } from '@/lib/alerts/rule-params';
import { cursor, type TEvaluation, type TRuleContext } from './types';

/** Every DMARC/SPF change recorded after the rule's cursor (the rule starts at its creation). */
export async function evaluateDnsRecordChanged(ctx: TRuleContext): Promise<TEvaluation> {
  const p = ruleParams('dns_record_changed', ctx.rule.params);
  const after = cursor(ctx.state, 'dnsEventId');
  const changes = await listDnsRecordChanges(ctx.scope, after);
  if (changes.length === 0) return { candidates: [] };
  const last = changes[changes.length - 1].id;
  return {
    state: { ...ctx.state, dnsEventId: last.toString() },
    candidates: changes
      .filter((c) => p.records.includes(c.record))
      .map((c) => ({
        dedupeKey: `dns_record_changed:${c.id}`,
        conditionKey: `dns_record_changed:${c.domainId}:${c.record}`,
        domainId: c.domainId,
        alert: { kind: 'dns_record_changed', occurredAt: c.observedAt, domain: c.domain, record: c.record, name: c.name, before: c.before, after: c.after },
      })),
  };
}
