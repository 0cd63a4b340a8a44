import { z } from 'zod';
import type { TApiScope } from './with-api-auth';
import { ZDayWindowQuery, ZDomainParams } from './schemas/common';
import { ZDomainAddresses, ZDomainSourcesDeprecated, ZDomainStats } from './schemas/domains';
import { ZIngestUploadResponse, ZListReportsQuery, ZReportDetail, ZReportList, ZReportParams } from './schemas/reports';

const ZAddressListQuery = ZDayWindowQuery.extend({ limit: z.coerce.number().int().min(1).max(5000).default(500).describe('At most this many addresses.') });

export interface TApiRouteDoc {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI path template, e.g. /api/v1/reports/{id}. */
  path: string;
  summary: string;
  description?: string;
  tags: string[];
  scope: TApiScope;
  params?: z.ZodType;
  query?: z.ZodType;
  /** Media types accepted as the request body (binary uploads). */
  upload?: { mediaTypes: string[]; multipartField: string };
  response: z.ZodType;
  /** Example values for tests that call every documented route: {param: value}. */
  successStatus?: number;
  /** The media type of a success that is not JSON (a file): `response` then describes nothing. */
  produces?: string;
  /** Other media types the success may take (`format=` in the query), beside JSON. */
  alsoProduces?: string[];
  /** An old path kept as an alias; the OpenAPI document marks it deprecated. */
  deprecated?: boolean;
}

// Every /api/v1 route, described once: the route files take their schemas from here and the
// OpenAPI document is generated from it, so the two cannot drift. A feature adding a route
// adds its entry here (tests/integration/api/routes-auth.test.ts then covers it).
export const API_ROUTES = {
  listReports: {
    method: 'get',
    path: '/api/v1/reports',
    summary: 'List aggregate reports',
    description:
      'Reports for the domains the caller may see, newest first. The window (`from`, `to`: UTC days, `to` exclusive; default the last 30 days) selects reports by the day their range begins. Filters: `domain`, `reporter`, `failures=1`, `q`. `format=csv` answers the same rows as a CSV file. The total is counted up to 10,000 (`total_capped`); a page may start at most 100,000 rows deep — iterate over windows beyond that.',
    tags: ['reports'],
    scope: 'read',
    query: ZListReportsQuery,
    response: ZReportList,
    alsoProduces: ['text/csv'],
  },
  ingestReports: {
    method: 'post',
    path: '/api/v1/reports',
    summary: 'Upload aggregate reports',
    description:
      'The body is a report file in any container the ingest pipeline accepts (XML, .xml.gz, .zip, an e-mail, an mbox), raw or as multipart/form-data (`file` fields, several allowed). Reports are routed by domain ownership: a report for a domain your organisation does not own is not attached to it.',
    tags: ['reports'],
    scope: 'ingest',
    upload: { mediaTypes: ['application/xml', 'text/xml', 'application/gzip', 'application/zip', 'message/rfc822', 'application/mbox', 'application/octet-stream'], multipartField: 'file' },
    response: ZIngestUploadResponse,
  },
  getReport: {
    method: 'get',
    path: '/api/v1/reports/{id}',
    summary: 'One report with its records',
    tags: ['reports'],
    scope: 'read',
    params: ZReportParams,
    response: ZReportDetail,
  },
  getReportXml: {
    method: 'get',
    path: '/api/v1/reports/{id}/xml',
    summary: "A report's XML exactly as received",
    description:
      'The aggregate report XML byte for byte as the reporter sent it, after unwrapping its container (zip, gzip, e-mail): same encoding, same whitespace. Always an attachment (`Content-Disposition`), named <reporter>!<domain>!<begin>!<end>!<report id>.xml with unsafe characters replaced.',
    tags: ['reports'],
    scope: 'read',
    params: ZReportParams,
    response: z.string(),
    produces: 'application/xml',
  },
  getDomainStats: {
    method: 'get',
    path: '/api/v1/domains/{domain}/stats',
    summary: 'Daily totals for a domain',
    description: 'Messages, DMARC/DKIM/SPF pass and dispositions per UTC day (days without reports are omitted).',
    tags: ['domains'],
    scope: 'read',
    params: ZDomainParams,
    query: ZDayWindowQuery,
    response: ZDomainStats,
  },
  listDomainAddresses: {
    method: 'get',
    path: '/api/v1/domains/{domain}/addresses',
    summary: 'Sending addresses of a domain',
    description: 'Per sending IP address over the window, busiest first. (A source, in the UI and `atlas sources`, is a service or network grouping addresses.)',
    tags: ['domains'],
    scope: 'read',
    params: ZDomainParams,
    query: ZAddressListQuery,
    response: ZDomainAddresses,
  },
  listDomainSources: {
    method: 'get',
    path: '/api/v1/domains/{domain}/sources',
    summary: 'Sending addresses of a domain (deprecated: use /addresses)',
    description: 'The first name of /api/v1/domains/{domain}/addresses, answering the same list under the key `sources`. Deprecated: "source" names a service or network everywhere else.',
    tags: ['domains'],
    scope: 'read',
    params: ZDomainParams,
    query: ZAddressListQuery,
    response: ZDomainSourcesDeprecated,
    deprecated: true,
  },
} satisfies Record<string, TApiRouteDoc>;
