import { API_ROUTES, domainAddressesResponse, withApiAuth } from '@/lib/api';

const route = API_ROUTES.listDomainAddresses;

export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, ({ actor, params, query }) => domainAddressesResponse(actor, params.domain, query));
