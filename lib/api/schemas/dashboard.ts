import { z } from 'zod';
import { ZExportFormat } from '@/lib/api/export/table-response';
import { apiSchemas } from './registry';
import { ZDayWindowQuery } from './common';

const ZFailures = z
  .enum(['0', '1'])
  .optional()
  .transform((v) => v === '1')
  .describe('1: count only mail that failed DMARC (neither aligned SPF nor aligned DKIM passed).');

export const ZExportQuery = ZDayWindowQuery.extend({ format: ZExportFormat });
export const ZFailuresExportQuery = ZExportQuery.extend({ failures: ZFailures });
export const ZDomainListQuery = ZExportQuery.extend({ domain: z.string().max(253).optional().describe('Only this domain (404 when the caller may not see it).') });

const ZPolicy = z
  .object({
    p: z.string().nullable(),
    sp: z.string().nullable(),
    np: z.string().nullable(),
    pct: z.string().nullable(),
    testing: z.string().nullable().describe('DMARCbis t= (y while testing).'),
    reporter: z.string().describe('Reporter of the latest report, which states the policy.'),
    reported_at: z.iso.datetime().describe('End of that report’s range.'),
  })
  .describe('The published policy as the latest report before the window’s end states it.');

export const ZDomainSummaryRow = z
  .object({
    domain: z.string(),
    organization: z.string(),
    reports: z.number().int().describe('Reports whose range begins in the window.'),
    messages: z.number().int().describe('Messages on the window’s days (a report’s messages spread over the days it covers).'),
    dmarc_pass: z.number().int(),
    dkim_aligned_pass: z.number().int(),
    spf_aligned_pass: z.number().int(),
    quarantined: z.number().int(),
    rejected: z.number().int(),
    previous_messages: z.number().int().describe('Messages in the window of the same length just before.'),
    previous_dmarc_pass: z.number().int(),
    last_report_at: z.iso.datetime().nullable(),
    policy: ZPolicy.nullable(),
  })
  .register(apiSchemas, { id: 'DomainSummary' });

export const ZDomainList = z
  .object({ from: z.iso.date(), to: z.iso.date().describe('Exclusive.'), domains: z.array(ZDomainSummaryRow) })
  .register(apiSchemas, { id: 'DomainList' });

export const ZTimeseriesDay = z
  .object({
    day: z.iso.date(),
    messages: z.number().int(),
    dmarc_pass: z.number().int(),
    spf_aligned_pass: z.number().int(),
    dkim_aligned_pass: z.number().int(),
    quarantined: z.number().int(),
    rejected: z.number().int(),
  })
  .register(apiSchemas, { id: 'TimeseriesDay' });

export const ZDomainTimeseries = z
  .object({ domain: z.string(), from: z.iso.date(), to: z.iso.date().describe('Exclusive.'), days: z.array(ZTimeseriesDay).describe('Every UTC day of the window, in order; days without reports are zero.') })
  .register(apiSchemas, { id: 'DomainTimeseries' });

export const ZReporterRow = z
  .object({
    reporter: z.string().describe('Reporting organisation (org_name).'),
    email: z.string().nullable(),
    reports: z.number().int().describe('Reports whose range begins in the window.'),
    report_days: z.number().int().describe('Days of the window on which one of its reports began.'),
    messages: z.number().int(),
    dmarc_pass: z.number().int(),
    quarantined: z.number().int(),
    rejected: z.number().int(),
    addresses: z.number().int().describe('Distinct sending addresses it reported.'),
    last_report_at: z.iso.datetime().nullable(),
    status: z.enum(['regular', 'quiet', 'occasional']).describe('quiet: it reported regularly and has not for longer than quiet_after_days (docs/reporters.md).'),
    frequency: z.string(),
    usual_interval_days: z.number().int().nullable(),
    quiet_after_days: z.number().int().nullable(),
    silent_days: z.number().int().describe('Days from its last report day to the window’s last day.'),
    last_report_day: z.iso.date(),
    gaps: z.string().describe('Stretches without reports in the window, `from..to` (to exclusive), separated by spaces.'),
  })
  .register(apiSchemas, { id: 'Reporter' });

export const ZDomainReporters = z
  .object({ domain: z.string(), from: z.iso.date(), to: z.iso.date(), reporters: z.array(ZReporterRow) })
  .register(apiSchemas, { id: 'DomainReporters' });

export const ZSenderMapSourceRow = z
  .object({
    key: z.string().describe('Source key (service:<id>, ptr:<domain>, asn:<n>, net:<prefix>).'),
    label: z.string(),
    verdict: z.enum(['authorised_passing', 'authorised_failing', 'forwarder', 'unknown']),
    messages: z.number().int(),
    dmarc_pass: z.number().int(),
    dkim_aligned: z.number().int(),
    spf_aligned: z.number().int(),
    failing: z.number().int().describe('Messages that failed DMARC.'),
    quarantined: z.number().int(),
    rejected: z.number().int(),
    addresses: z.number().int(),
    reporters: z.string().describe('Reporters that saw it, separated by spaces.'),
    first_seen: z.iso.date(),
    last_seen: z.iso.date(),
    advice: z.string().describe('Fix advice, when it is authorised but failing or unknown.'),
  })
  .register(apiSchemas, { id: 'SenderMapSource' });

export const ZSenderMap = z
  .object({ domain: z.string(), from: z.iso.date(), to: z.iso.date(), sources: z.array(ZSenderMapSourceRow) })
  .register(apiSchemas, { id: 'SenderMap' });

export const ZSourceParams = z.object({
  domain: z.string().min(1).max(253).transform((v) => v.toLowerCase()).describe('Domain name, e.g. example.com'),
  source: z.string().min(1).max(300).describe('Source key, URL-encoded (e.g. service%3Agoogle-workspace).'),
});

export const ZSourceAddressRow = z
  .object({
    ip: z.string(),
    ptr: z.string().nullable(),
    ptr_confirmed: z.boolean(),
    asn: z.number().int().nullable(),
    as_name: z.string().nullable(),
    country: z.string().nullable(),
    messages: z.number().int(),
    dmarc_pass: z.number().int(),
    dkim_aligned: z.number().int(),
    spf_aligned: z.number().int(),
    quarantined: z.number().int(),
    rejected: z.number().int(),
    reporters: z.number().int(),
    first_seen: z.iso.date(),
    last_seen: z.iso.date(),
  })
  .register(apiSchemas, { id: 'SourceAddress' });

export const ZSourceDetail = z
  .object({ domain: z.string(), from: z.iso.date(), to: z.iso.date(), source: ZSenderMapSourceRow, addresses: z.array(ZSourceAddressRow) })
  .register(apiSchemas, { id: 'SourceDetail' });
