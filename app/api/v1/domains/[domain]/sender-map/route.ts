import { API_ROUTES, notFound, queryWindow, SENDER_MAP_CSV_COLUMNS, senderMapRow, senderMapRows, tableResponse, withApiAuth } from '@/lib/api';
import { formatDay } from '@/lib/platform/dates';
import { findDomainInScope } from '@/lib/queries';
import { buildSenderMap } from '@/lib/sources';

const route = API_ROUTES.getDomainSenderMap;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const domain = await findDomainInScope(actor.scope, params.domain);
  if (!domain) throw notFound('No such domain.');
  const window = queryWindow(query);
  const map = await buildSenderMap(actor.scope, domain, window);
  const sources = senderMapRows(map.sources, query.failures).map(senderMapRow);
  const [from, to] = [formatDay(window.start), formatDay(window.end)];
  return tableResponse({ format: query.format, body: { domain: domain.name, from, to, sources }, rows: sources, columns: SENDER_MAP_CSV_COLUMNS, filename: `${domain.name}-sender-map-${from}-${to}` });
});
