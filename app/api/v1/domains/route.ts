import { API_ROUTES, DOMAIN_CSV_COLUMNS, domainSummaryCsvRow, domainSummaryRow, notFound, queryWindow, tableResponse, withApiAuth } from '@/lib/api';
import { formatDay } from '@/lib/platform/dates';
import { findDomainInScope, listDomainSummaries } from '@/lib/queries';

const route = API_ROUTES.listDomains;

export const GET = withApiAuth({ scope: 'read', query: route.query }, async ({ actor, query }) => {
  const window = queryWindow(query);
  let scope = actor.scope;
  if (query.domain) {
    const domain = await findDomainInScope(actor.scope, query.domain);
    if (!domain) throw notFound('No such domain.');
    scope = { ...scope, domainIds: [domain.id] };
  }
  const domains = await listDomainSummaries(scope, window);
  const [from, to] = [formatDay(window.start), formatDay(window.end)];
  return tableResponse({
    format: query.format,
    body: { from, to, domains: domains.map(domainSummaryRow) },
    rows: domains.map(domainSummaryCsvRow),
    columns: DOMAIN_CSV_COLUMNS,
    filename: `domains-${from}-${to}`,
  });
});
