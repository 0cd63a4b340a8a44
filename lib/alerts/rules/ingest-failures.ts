import { listIngestFailures, organizationHasInstanceAdmin } from '@/lib/queries';
import { ruleParams } from '@/lib/alerts/rule-params';
import { cursor, type TEvaluation, type TRuleContext } from './types';

/**
 * Inputs that failed since the last alert: one alert for all of them (with up to five
 * examples) once there are `minFailures`. The organisation's mailboxes' failures, and the
 * instance's own when an instance administrator belongs to the organisation.
 */
export async function evaluateIngestFailures(ctx: TRuleContext): Promise<TEvaluation> {
  const p = ruleParams('ingest_failures', ctx.rule.params);
  const after = cursor(ctx.state, 'ingestFileId');
  const failures = await listIngestFailures(ctx.rule.organizationId, after, { includeUnowned: await organizationHasInstanceAdmin(ctx.rule.organizationId) });
  if (failures.length < p.minFailures) return { candidates: [] };
  const last = failures[failures.length - 1];
  return {
    state: { ...ctx.state, ingestFileId: last.id.toString() },
    candidates: [
      {
        dedupeKey: `ingest_failures:${last.id}`,
        conditionKey: 'ingest_failures',
        domainId: null,
        alert: {
          kind: 'ingest_failures',
          occurredAt: last.createdAt,
          failures: failures.length,
          since: failures[0].createdAt,
          examples: failures.slice(0, 5).map((f) => ({ name: f.name, error: f.error })),
        },
      },
    ],
  };
}
