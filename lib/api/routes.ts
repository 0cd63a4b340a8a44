import { z } from 'zod';
import type { TApiScope } from './with-api-auth';
import { ZDayWindowQuery, ZDomainParams } from './schemas/common';
import { ZDomainAddresses, ZDomainSourcesDeprecated, ZDomainStats } from './schemas/domains';
import { ZEnforcement, ZEnforcementQuery } from './schemas/enforcement';
import { ZBounceDiagnosisResponse } from './schemas/diagnose';
import { ZDomainList, ZDomainListQuery, ZDomainReporters, ZDomainTimeseries, ZExportQuery, ZFailuresExportQuery, ZSenderMap, ZSourceDetail, ZSourceParams } from './schemas/dashboard';
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
  /**
   * Not about one domain: answers every caller of the right scope, and other organisations'
   * data simply does not appear in it (rather than a 404).
   */
  unscoped?: boolean;
  response: z.ZodType;
  /** The status of a success when it is not 200 (e.g. 201 for a created resource). */
  successStatus?: number;
  /** The answer may also be 207 (some parts failed) or 422 (nothing was stored), with the same body. */
  mixedResults?: boolean;
  /** The media type of a success that is not JSON (a file): `response` then describes nothing. */
  produces?: string;
  /** Other media types the success may take (`format=` in the query), beside JSON. */
  alsoProduces?: string[];
  /** An old path kept as an alias; the OpenAPI document marks it deprecated. */
  deprecated?: boolean;
  /** With format=csv the rows come as a CSV file (the pages' export menus). */
  csv?: boolean;
}

// Every /api/v1 route, described once: the route files take their schemas from here and the
// OpenAPI document is generated from it, so the two cannot drift. A feature adding a route
// adds its entry here (tests/integration/api/routes-access.test.ts then calls it as every kind of caller).
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
      'The body is a report file in any container the ingest pipeline accepts (XML, .xml.gz, .zip, an e-mail, an mbox), raw or as multipart/form-data (`file` fields, several allowed). Reports are routed by domain ownership: a report for a domain your organisation does not own is refused. The status is 200 when nothing failed, 207 when some files or reports failed and others were stored, 422 when nothing was stored; each file and report in the body says what became of it.',
    tags: ['reports'],
    scope: 'ingest',
    upload: { mediaTypes: ['application/xml', 'text/xml', 'application/gzip', 'application/zip', 'message/rfc822', 'application/mbox', 'application/octet-stream'], multipartField: 'file' },
    response: ZIngestUploadResponse,
    mixedResults: true,
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
  getDomainEnforcement: {
    method: 'get',
    path: '/api/v1/domains/{domain}/enforcement',
    summary: 'Enforcement wizard of a domain',
    description:
      'Where the domain stands on the path to p=reject, as `atlas enforce DOMAIN --json` prints it: the published DMARC record (as the DNS watch last saw it; checked now when it never was), the current and next stage, the readiness gates, the impact preview of the next stage and the exact TXT record to publish.',
    tags: ['domains'],
    scope: 'read',
    params: ZDomainParams,
    query: ZEnforcementQuery,
    response: ZEnforcement,
  },
  diagnoseBounce: {
    method: 'post',
    path: '/api/v1/diagnose',
    summary: 'Diagnose a bounce',
    description:
      'The body is one bounce: the bounce message (.eml, message/rfc822) or the NDR text pasted from a mail client (text/plain), raw or as a multipart/form-data `file` field, at most 10 MiB. The answer names the cause (category), the rejecting server\'s codes and the steps to fix it. When the sender\'s domain is one of the caller\'s, `evidence.domain` adds what the stored reports say (the sending IP\'s source, its verdict, alignment and DMARC pass rate over 30 days, the policy, SPF lookups and what to flatten, DKIM selectors); for `ip_reputation` and `no_reverse_dns`, `evidence.ip_health` has the address\'s reverse DNS and DNSBL listings. 400 for an empty body, 413 over the limit.',
    tags: ['diagnose'],
    scope: 'read',
    upload: { mediaTypes: ['message/rfc822', 'text/plain', 'application/octet-stream'], multipartField: 'file' },
    response: ZBounceDiagnosisResponse,
    unscoped: true,
  },
  listDomains: {
    method: 'get',
    path: '/api/v1/domains',
    summary: 'Domains with their figures over a window',
    description:
      'Every domain the caller may see: messages (spread over the days each report covers), DMARC pass, dispositions, reports begun in the window, the same for the previous window of equal length, and the policy the latest report states. Windows are UTC days, `from` inclusive, `to` exclusive.',
    tags: ['domains'],
    scope: 'read',
    query: ZDomainListQuery,
    response: ZDomainList,
    csv: true,
  },
  getDomainTimeseries: {
    method: 'get',
    path: '/api/v1/domains/{domain}/timeseries',
    summary: 'Daily figures for a domain, every day of the window',
    description: 'Per UTC day: messages, DMARC pass, aligned SPF and DKIM pass, quarantined and rejected. Days without reports are zero.',
    tags: ['domains'],
    scope: 'read',
    params: ZDomainParams,
    query: ZExportQuery,
    response: ZDomainTimeseries,
    csv: true,
  },
  listDomainReporters: {
    method: 'get',
    path: '/api/v1/domains/{domain}/reporters',
    summary: 'Who reports on a domain, how often, and gaps',
    description:
      'Each reporter with mail in the window, and those that reported regularly in the 60 days before its end but have gone quiet: reports, report days, messages, dispositions, the last report, cadence and gaps (definitions in docs/reporters.md).',
    tags: ['domains'],
    scope: 'read',
    params: ZDomainParams,
    query: ZFailuresExportQuery,
    response: ZDomainReporters,
    csv: true,
  },
  getDomainSenderMap: {
    method: 'get',
    path: '/api/v1/domains/{domain}/sender-map',
    summary: 'The sender map: sources with verdicts and fix advice',
    description: 'The sources (services and networks) that sent mail as the domain in the window, busiest first, as on the sender map page and in `atlas sources --json`. `failures=1`: only sources with failing mail, by failing volume.',
    tags: ['domains'],
    scope: 'read',
    params: ZDomainParams,
    query: ZFailuresExportQuery,
    response: ZSenderMap,
    csv: true,
  },
  getDomainSource: {
    method: 'get',
    path: '/api/v1/domains/{domain}/sender-map/{source}',
    summary: 'One source of the sender map with its addresses',
    description: 'The source row and its sending addresses (PTR, ASN, country, figures). CSV: the addresses.',
    tags: ['domains'],
    scope: 'read',
    params: ZSourceParams,
    query: ZFailuresExportQuery,
    response: ZSourceDetail,
    csv: true,
  },
} satisfies Record<string, TApiRouteDoc>;
