import { API_ROUTES, domainAddressesResponse, withApiAuth } from '@/lib/api';

const route = API_ROUTES.listDomainSources;

// Deprecated alias of /addresses (RFC 9745 Deprecation header, successor linked).
export const GET = withApiAuth({ scope: 'read', params: route.params, query: route.query }, async ({ actor, params, query }) => {
  const { addresses, ...rest } = await domainAddressesResponse(actor, params.domain, query);
  return Response.json(
    { ...rest, sources: addresses },
    { headers: { Deprecation: 'true', Link: `</api/v1/domains/${encodeURIComponent(rest.domain)}/addresses>; rel="successor-version"` } },
  );
});
