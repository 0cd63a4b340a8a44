import type { TDayWindow } from '@/lib/platform/dates';
import type { TDomainScope } from '@/lib/access';
import { listReporterReportDays } from './list-reporter-report-days';
import { reporterCadence, type TReporterCadence } from './reporter-cadence';
import { listReporterVolumes, type TReporterVolume } from './list-reporter-volumes';

/** A reporter of a domain: its figures in the window, how often it reports, and its gaps. */
export interface TDomainReporter extends Omit<TReporterVolume, 'firstDay' | 'lastDay'> {
  email: string | null;
  /** Reports whose range begins in the window. */
  reports: number;
  /** Days of the window on which one of its reports began. */
  reportDays: number;
  /** End of the range of its latest report before the window's end. */
  lastReportAt: Date | null;
  cadence: TReporterCadence | null;
}

/**
 * Who reports on the scope's domains (or `domainIds` among them): every reporter with mail in the
 * window, and those that reported in the 60 days before its end but have gone quiet since (no
 * mail in the window, yet listed: that silence is the news). Busiest first per domain.
 */
export async function listDomainReporters(scope: TDomainScope, window: TDayWindow, options: { domainIds?: number[]; failures?: boolean } = {}): Promise<TDomainReporter[]> {
  const [volumes, activity] = await Promise.all([listReporterVolumes(scope, window, options), listReporterReportDays(scope, window, options)]);
  const key = (domainId: number, reporter: string) => `${domainId}\u0000${reporter}`;
  const active = new Map(activity.map((a) => [key(a.domainId, a.reporter), a]));
  const from = window.start.toISOString().slice(0, 10);
  const rows = new Map<string, TDomainReporter>();
  for (const v of volumes) {
    const a = active.get(key(v.domainId, v.reporter));
    const { firstDay: _first, lastDay: _last, ...figures } = v;
    rows.set(key(v.domainId, v.reporter), {
      ...figures,
      email: a?.email ?? null,
      reports: a?.reports ?? 0,
      reportDays: a ? a.reportDays.filter((d) => d >= from).length : 0,
      lastReportAt: a?.lastEnd ?? null,
      cadence: a ? reporterCadence(a.reportDays, window) : null,
    });
  }
  for (const a of activity) {
    if (rows.has(key(a.domainId, a.reporter))) continue;
    const cadence = reporterCadence(a.reportDays, window);
    // A reporter with nothing in the window matters only when it had been reporting regularly.
    if (cadence.status !== 'quiet' || options.failures) continue;
    rows.set(key(a.domainId, a.reporter), {
      domainId: a.domainId,
      reporter: a.reporter,
      messages: 0,
      dmarcPass: 0,
      quarantined: 0,
      rejected: 0,
      addresses: 0,
      email: a.email,
      reports: a.reports,
      reportDays: a.reportDays.filter((d) => d >= from).length,
      lastReportAt: a.lastEnd,
      cadence,
    });
  }
  return [...rows.values()].sort((x, y) => x.domainId - y.domainId || y.messages - x.messages || x.reporter.localeCompare(y.reporter));
}
