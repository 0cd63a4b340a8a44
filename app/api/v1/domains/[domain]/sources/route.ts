import { notFound } from '@/lib/api/errors';
import { API_ROUTES } from '@/lib/api/routes';
import { withApiAuth } from '@/lib/api/with-api-auth';
import { dayWindow, formatDay } from '@/lib/platform/dates/day-window';
import { findDomainInScope } from '@/lib/queries/domains/find-domain-in-scope';
import { listDomainSources } from '@/lib/queries/domains/list-domain-sources';

const route = API_ROUTES.listDomainSources;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const domain = await findDomainInScope(actor.scope, params.domain);
  if (!domain) throw notFound('No such domain.');
  const window = dayWindow(query);
  const sources = await listDomainSources(actor.scope, domain.id, window, query.limit);
  return {
    domain: domain.name,
    from: formatDay(window.start),
    to: formatDay(window.end),
    sources: sources.map((s) => ({
      source_ip: s.sourceIp,
      messages: s.messages,
      dmarc_pass: s.dmarcPass,
      dkim_aligned: s.dkimAligned,
      spf_aligned: s.spfAligned,
      quarantined_or_rejected: s.disposed,
      reporters: s.reporters,
      first_day: s.firstDay,
      last_day: s.lastDay,
    })),
  };
});
