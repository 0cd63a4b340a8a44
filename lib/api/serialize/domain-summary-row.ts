import type { TDomainSummary } from '@/lib/queries';

/** A domain of GET /api/v1/domains (JSON); `domainSummaryCsvRow` flattens it for CSV. */
export function domainSummaryRow(d: TDomainSummary) {
  return {
    domain: d.name,
    organization: d.organization,
    reports: d.reports,
    messages: d.messages,
    dmarc_pass: d.dmarcPass,
    dkim_aligned_pass: d.dkimAligned,
    spf_aligned_pass: d.spfAligned,
    quarantined: d.quarantined,
    rejected: d.rejected,
    previous_messages: d.previous.messages,
    previous_dmarc_pass: d.previous.dmarcPass,
    last_report_at: d.lastReportAt?.toISOString() ?? null,
    policy: d.policy
      ? { p: d.policy.p, sp: d.policy.sp, np: d.policy.np, pct: d.policy.pct, testing: d.policy.testing, reporter: d.policy.reporter, reported_at: d.policy.reportedAt.toISOString() }
      : null,
  };
}

export function domainSummaryCsvRow(d: TDomainSummary) {
  const { policy, ...row } = domainSummaryRow(d);
  return { ...row, p: policy?.p ?? null, sp: policy?.sp ?? null, pct: policy?.pct ?? null };
}

export const DOMAIN_CSV_COLUMNS = [
  'domain', 'organization', 'reports', 'messages', 'dmarc_pass', 'dkim_aligned_pass', 'spf_aligned_pass', 'quarantined', 'rejected',
  'previous_messages', 'previous_dmarc_pass', 'last_report_at', 'p', 'sp', 'pct',
] as const satisfies readonly (keyof ReturnType<typeof domainSummaryCsvRow>)[];
