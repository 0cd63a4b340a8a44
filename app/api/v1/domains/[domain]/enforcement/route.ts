import { API_ROUTES, notFound, withApiAuth } from '@/lib/api';
import { enforcementJson, evaluateEnforcement, loadDnsCheck } from '@/lib/enforcement';
import { findDomainInScope } from '@/lib/queries';

const route = API_ROUTES.getDomainEnforcement;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const domain = await findDomainInScope(actor.scope, params.domain);
  if (!domain) throw notFound('No such domain.');
  const dns = await loadDnsCheck(actor.scope, domain);
  const asOf = query.as_of ? new Date(`${query.as_of}T00:00:00Z`) : undefined;
  return enforcementJson(await evaluateEnforcement({ scope: actor.scope, domain, dns, asOf }));
});
