import type { z } from 'zod';
import type { getReport, TReportSummary } from '@/lib/queries';
import type { ZReportDetail, ZReportSummary } from '@/lib/api/schemas/reports';

export function serializeReportSummary(r: TReportSummary): z.infer<typeof ZReportSummary> {
  return {
    id: r.id,
    domain: r.domain,
    reporter: r.reporter,
    reporter_email: r.reporterEmail,
    report_id: r.reportId,
    begin: r.begin.toISOString(),
    end: r.end.toISOString(),
    policy: r.policy,
    records: r.records,
    messages: r.messages,
    dmarc_pass: r.dmarcPass,
    dkim_aligned_pass: r.dkimAlignedPass,
    spf_aligned_pass: r.spfAlignedPass,
    received_at: r.receivedAt.toISOString(),
    verified: r.verifiedBy !== null,
    verified_by: r.verifiedBy,
  };
}

const asArray = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? (value as Record<string, unknown>[]) : []);

export function serializeReportDetail(found: NonNullable<Awaited<ReturnType<typeof getReport>>>): z.infer<typeof ZReportDetail> {
  const { report, records, truncated, authenticity } = found;
  return {
    ...serializeReportSummary({
      id: report.id.toString(),
      domain: report.domain?.name ?? report.policyDomain,
      reporter: report.orgName,
      reporterEmail: report.reporterEmail,
      reportId: report.reportId,
      begin: report.beginAt,
      end: report.endAt,
      policy: { p: report.p, sp: report.sp, pct: report.pct },
      records: report.recordCount,
      messages: Number(report.messageCount),
      dmarcPass: Number(report.dmarcPass),
      dkimAlignedPass: Number(report.dkimAlignedPass),
      spfAlignedPass: Number(report.spfAlignedPass),
      receivedAt: report.createdAt,
      verifiedBy: authenticity.verifiedBy,
    }),
    adkim: report.adkim,
    aspf: report.aspf,
    np: report.np,
    fo: report.fo,
    testing: report.testing,
    version: report.version,
    generator: report.generator,
    errors: Array.isArray(report.errors) ? report.errors : [],
    auth_note: authenticity.note,
    records_truncated: truncated,
    record_list: records.map((r) => ({
      source_ip: r.sourceIp,
      count: r.count,
      disposition: r.disposition,
      policy_dkim: r.policyDkim,
      policy_spf: r.policySpf,
      reasons: asArray(r.reasons),
      header_from: r.headerFrom,
      envelope_from: r.envelopeFrom,
      envelope_to: r.envelopeTo,
      dkim: asArray(r.dkim),
      spf: asArray(r.spf),
    })),
  };
}
