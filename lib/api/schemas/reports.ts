import { z } from 'zod';
import { apiSchemas } from './registry';
import { ZDayWindowQuery, ZDomainQuery, ZPageQuery, ZPagination } from './common';

export const ZListReportsQuery = ZPageQuery.extend({
  domain: ZDomainQuery.optional().describe('Only reports for this domain.'),
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
    received_at: z.iso.datetime(),
  })
  .register(apiSchemas, { id: 'ReportSummary' });

export const ZReportList = z
  .object({ reports: z.array(ZReportSummary), pagination: ZPagination })
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
