import { listIpListingEvents } from '@/lib/queries';
import { cursor, type TEvaluation, type TRuleContext } from './types';

/**
 * New blocklist listings of the addresses of the rule's domains' authorised sources, as the
 * IP-health job (lib/diagnose) records them in ip_listing_event. One alert per address and list
 * whatever the number of domains that use it (the condition key), the busiest domain first.
 */
export async function evaluateIpBlocklisted(ctx: TRuleContext): Promise<TEvaluation> {
  const after = cursor(ctx.state, 'listingId');
  const scope = { ...ctx.scope, domainIds: ctx.scope.domainIds.filter((id) => ctx.domainIds.includes(id)) };
  const events = await listIpListingEvents(scope, { afterId: after });
  if (events.length === 0) return { candidates: [] };
  return {
    state: { ...ctx.state, listingId: events[events.length - 1].id.toString() },
    candidates: events
      .filter((e) => e.kind === 'listed')
      .map((e) => ({
        dedupeKey: `ip_blocklisted:${e.id}`,
        conditionKey: `ip_blocklisted:${e.ip}:${e.zone}`,
        domainId: e.domainId,
        alert: { kind: 'ip_blocklisted', occurredAt: e.createdAt, domain: e.domain, ip: e.ip, list: e.zone, source: e.sourceKey, listedSince: e.createdAt },
      })),
  };
}
