import { z } from 'zod';
import { apiSchemas } from './registry';
import { REPORT_SORTS } from '@/lib/queries';
import { ZDayWindowQuery, ZDomainQuery, ZPageQuery, ZPagination } from './common';

export const ZListReportsQuery = ZPageQuery.extend({
  per_page: z.coerce.number().int().min(1).max(10_000).default(50).describe('Items per page (at most 10,000: an export in one request).'),
  domain: ZDomainQuery.optional().describe('Only reports for this domain.'),
  reporter: z.string().trim().min(1).max(200).optional().describe("Only reports from this reporter (its org_name, case-insensitive), e.g. google.com."),
  failures: z.enum(['0', '1', 'true', 'false']).optional().transform((v) => v === '1' || v === 'true').describe('1: only reports with DMARC failures (messages passing neither aligned SPF nor aligned DKIM).'),
  q: z.string().trim().min(1).max(200).optional().describe("A report id (exact, or its beginning) or part of the reporter's name."),
  sort: z.enum(REPORT_SORTS).default('begin').describe('Order: begin (report start, default), messages, pass_rate, reporter, domain.'),
  dir: z.enum(['asc', 'desc']).default('desc'),
  format: z.enum(['json', 'csv']).default('json').describe('json (default) or csv (a spreadsheet: one row per report, the same columns; pagination in the `Link` and `X-Total-Count` headers).'),
}).extend(ZDayWindowQuery.shape);

export const ZReportParams = z.object({ id: z.string().regex(/^\d{1,18}$/).describe('Report id (as returned by the list).') });

export const ZReportSummary = z
  .object({
    id: z.string().describe('Atlas id of the report.'),
    domain: z.string().describe('Policy domain.'),
    reporter: z.string().describe('Organisation that sent the report (org_name).'),
    reporter_email: z.string().nullable(),
    report_id: z.string().describe("The reporter's report id."),
    begin: z.iso.datetime(),
    end: z.iso.datetime(),
    policy: z.object({ p: z.string().nullable(), sp: z.string().nullable(), pct: z.string().nullable() }).describe('Published policy as the reporter saw it.'),
    records: z.number().int(),
    messages: z.number().int(),
    dmarc_pass: z.number().int().describe('Messages with aligned SPF or DKIM.'),
    dkim_aligned_pass: z.number().int().describe('Messages whose DKIM passed aligned with the From domain.'),
    spf_aligned_pass: z.number().int().describe('Messages whose SPF passed aligned with the From domain.'),
    received_at: z.iso.datetime(),
    verified: z.boolean().describe("True when the mail that brought the report carried a valid DKIM signature of the reporter's own domain, aligned with its From. A report handed in as a plain file (XML, zip, gzip) has no mail to check and is never verified."),
    verified_by: z.string().nullable().describe('The DKIM signing domain (d=) that verified the report; null when unverified.'),
  })
  .register(apiSchemas, { id: 'ReportSummary' });

export const ZReportList = z
  .object({
    reports: z.array(ZReportSummary),
    pagination: ZPagination.extend({
      total_capped: z.boolean().describe('True when more reports match than are counted (10,000): `total` is then a lower bound; narrow the window.'),
    }),
  })
  .register(apiSchemas, { id: 'ReportList' });

const ZAuthResult = z.record(z.string(), z.unknown());

export const ZReportRecord = z
  .object({
    source_ip: z.string().nullable(),
    count: z.number().int(),
    disposition: z.string(),
    policy_dkim: z.string(),
    policy_spf: z.string(),
    reasons: z.array(ZAuthResult),
    header_from: z.string(),
    envelope_from: z.string().nullable(),
    envelope_to: z.string().nullable(),
    dkim: z.array(ZAuthResult),
    spf: z.array(ZAuthResult),
  })
  .register(apiSchemas, { id: 'ReportRecord' });

export const ZReportDetail = ZReportSummary.extend({
  adkim: z.string().nullable(),
  aspf: z.string().nullable(),
  np: z.string().nullable(),
  fo: z.string().nullable(),
  testing: z.string().nullable(),
  version: z.string().nullable(),
  generator: z.string().nullable(),
  errors: z.array(z.unknown()),
  auth_note: z.string().nullable().describe('The authenticity check in words ("no DKIM signature", "dkim=fail d=…"); null when the report did not arrive by mail.'),
  records_truncated: z.boolean().describe('True when the report has more records than returned (largest first).'),
  record_list: z.array(ZReportRecord),
}).register(apiSchemas, { id: 'ReportDetail' });

export const ZIngestReportResult = z
  .object({
    status: z.enum(['ingested', 'duplicate', 'replaced', 'set_aside', 'failed']).describe(
      '`failed` with an error for a report whose policy domain is not one of your organisation\'s (add the domain first); `set_aside` is not returned to uploads.',
    ),
    report_id: z.string().nullable().describe("The reporter's report id, when the report could be parsed."),
    domain: z.string().nullable(),
    id: z.string().nullable().describe('Atlas id, when stored for your organisation.'),
    error: z.string().nullable(),
  })
  .register(apiSchemas, { id: 'IngestReportResult' });

export const ZIngestResponse = z
  .object({
    file: z.string(),
    status: z.string().describe('Outcome for the whole upload (ingested, duplicate, set_aside, partial, failed).'),
    reports: z.array(ZIngestReportResult),
  })
  .register(apiSchemas, { id: 'IngestResponse' });

export const ZIngestUploadResponse = z
  .object({ files: z.array(ZIngestResponse) })
  .register(apiSchemas, { id: 'IngestUploadResponse' });
