import { listIpListings } from '@/lib/queries';
import { cursor, type TEvaluation, type TRuleContext } from './types';

/**
 * New blocklist listings of addresses that sent as the rule's domains. The listings come from
 * ip_blocklist_listing, which the IP-health job writes (lib/diagnose); until that job runs on a
 * schedule the table stays empty and so does this rule.
 */
export async function evaluateIpBlocklisted(ctx: TRuleContext): Promise<TEvaluation> {
  const after = cursor(ctx.state, 'listingId');
  const listings = await listIpListings(ctx.scope, ctx.domainIds, after, ctx.now);
  if (listings.length === 0) return { candidates: [] };
  return {
    state: { ...ctx.state, listingId: listings[listings.length - 1].id.toString() },
    candidates: listings.map((l) => ({
      dedupeKey: `ip_blocklisted:${l.id}`,
      conditionKey: `ip_blocklisted:${l.ip}:${l.zone}`,
      domainId: l.domainId,
      alert: { kind: 'ip_blocklisted', occurredAt: l.listedAt, domain: l.domain, ip: l.ip, list: l.zone, source: null, listedSince: l.listedAt },
    })),
  };
}
