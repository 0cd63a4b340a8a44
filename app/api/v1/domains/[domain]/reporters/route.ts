import { API_ROUTES, notFound, queryWindow, REPORTER_CSV_COLUMNS, reporterRow, tableResponse, withApiAuth } from '@/lib/api';
import { formatDay } from '@/lib/platform/dates';
import { findDomainInScope, listDomainReporters } from '@/lib/queries';

const route = API_ROUTES.listDomainReporters;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const domain = await findDomainInScope(actor.scope, params.domain);
  if (!domain) throw notFound('No such domain.');
  const window = queryWindow(query);
  const reporters = (await listDomainReporters(actor.scope, window, { domainIds: [domain.id], failures: query.failures })).map(reporterRow);
  const [from, to] = [formatDay(window.start), formatDay(window.end)];
  return tableResponse({ format: query.format, body: { domain: domain.name, from, to, reporters }, rows: reporters, columns: REPORTER_CSV_COLUMNS, filename: `${domain.name}-reporters-${from}-${to}` });
});
