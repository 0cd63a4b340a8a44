import { API_ROUTES, notFound, queryWindow, SOURCE_ADDRESS_CSV_COLUMNS, senderMapRow, sourceAddressRow, tableResponse, withApiAuth } from '@/lib/api';
import { formatDay } from '@/lib/platform/dates';
import { findDomainInScope, listSourceAddresses } from '@/lib/queries';
import { buildSenderMap, sourceKeyFromParam } from '@/lib/sources';

const route = API_ROUTES.getDomainSource;
/** Addresses answered at most (a source of a large domain can hold tens of thousands). */
const ADDRESS_LIMIT = 5000;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const domain = await findDomainInScope(actor.scope, params.domain);
  const key = sourceKeyFromParam(params.source);
  if (!domain || !key) throw notFound('No such domain or source.');
  const window = queryWindow(query);
  const map = await buildSenderMap(actor.scope, domain, window);
  const source = map.sources.find((s) => s.key === key);
  if (!source) throw notFound('No mail from this source in the window.');
  const addresses = (await listSourceAddresses(actor.scope, domain.id, key, window, ADDRESS_LIMIT, query.failures)).map(sourceAddressRow);
  const [from, to] = [formatDay(window.start), formatDay(window.end)];
  return tableResponse({
    format: query.format,
    body: { domain: domain.name, from, to, source: senderMapRow(source), addresses },
    rows: addresses,
    columns: SOURCE_ADDRESS_CSV_COLUMNS,
    filename: `${domain.name}-${key}-addresses-${from}-${to}`,
  });
});
