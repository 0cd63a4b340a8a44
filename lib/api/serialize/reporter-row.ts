import type { TDomainReporter } from '@/lib/queries';

/** A reporter of GET /api/v1/domains/{domain}/reporters (flat: the same row in JSON and CSV). */
export function reporterRow(r: TDomainReporter) {
  return {
    reporter: r.reporter,
    email: r.email,
    reports: r.reports,
    report_days: r.reportDays,
    messages: r.messages,
    dmarc_pass: r.dmarcPass,
    quarantined: r.quarantined,
    rejected: r.rejected,
    addresses: r.addresses,
    last_report_at: r.lastReportAt?.toISOString() ?? null,
    status: r.cadence?.status ?? 'occasional',
    frequency: r.cadence?.frequency ?? '',
    usual_interval_days: r.cadence?.usualInterval ?? null,
    quiet_after_days: r.cadence?.quietAfter ?? null,
    silent_days: r.cadence?.silentDays ?? 0,
    last_report_day: r.cadence?.lastReportDay ?? r.lastReportAt?.toISOString().slice(0, 10) ?? '',
    gaps: (r.cadence?.gaps ?? []).map((g) => `${g.from}..${g.to}`).join(' '),
  };
}

export const REPORTER_CSV_COLUMNS = [
  'reporter', 'email', 'reports', 'report_days', 'messages', 'dmarc_pass', 'quarantined', 'rejected', 'addresses', 'last_report_at',
  'status', 'frequency', 'usual_interval_days', 'quiet_after_days', 'silent_days', 'last_report_day', 'gaps',
] as const satisfies readonly (keyof ReturnType<typeof reporterRow>)[];
