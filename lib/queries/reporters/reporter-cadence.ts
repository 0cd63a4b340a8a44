import { DAY_MS, formatDay, type TDayWindow } from '@/lib/platform/dates';

// When a reporter "reports regularly" and when it has "gone quiet" (docs/reporters.md):
// - regular: its reports began on at least REGULAR_MIN_DAYS different days in the period looked at
//   (the window and the 60 days before its end);
// - its usual interval: the 90th percentile of the days between consecutive report days (one
//   long outage does not make a daily reporter look weekly);
// - quiet: no report for more than max(MIN_QUIET_DAYS, 2 × usual interval + 1) days up to the
//   window's last day. Reports arrive a day or two after the day they cover, so a daily reporter
//   is not called quiet before its fourth day without a report.
// The same threshold marks past gaps inside the window.

export const REGULAR_MIN_DAYS = 5;
export const MIN_QUIET_DAYS = 3;

export type TCadenceStatus = 'regular' | 'quiet' | 'occasional';

export interface TReporterCadence {
  status: TCadenceStatus;
  /** Days between report days, usually (90th percentile); null when not regular. */
  usualInterval: number | null;
  /** Silence beyond this many days counts as a gap; null when not regular. */
  quietAfter: number | null;
  /** Days from its last report day to the window's last day. */
  silentDays: number;
  lastReportDay: string;
  /** Stretches without reports longer than `quietAfter` that overlap the window; `to` exclusive. */
  gaps: { from: string; to: string; days: number }[];
  /** "daily", "most days", "about every 3 days", "4 reports". */
  frequency: string;
}

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
const dayString = (n: number) => formatDay(new Date(n * DAY_MS));

/** The 90th percentile (nearest rank) of positive integers. */
function p90(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.9) - 1)] ?? 1;
}

/** Cadence and gaps of one reporter from the UTC days its reports began on (sorted, distinct). */
export function reporterCadence(reportDays: string[], window: TDayWindow): TReporterCadence {
  const asOf = Math.round(window.end.getTime() / DAY_MS) - 1;
  const days = [...new Set(reportDays.map(dayNumber))].filter((d) => d <= asOf).sort((a, b) => a - b);
  const last = days[days.length - 1] ?? asOf;
  const silentDays = Math.max(0, asOf - last);
  const base = { silentDays, lastReportDay: dayString(last) };
  if (days.length < REGULAR_MIN_DAYS) {
    return { ...base, status: 'occasional', usualInterval: null, quietAfter: null, gaps: [], frequency: `${days.length} report day${days.length === 1 ? '' : 's'}` };
  }
  const intervals = days.slice(1).map((d, i) => d - days[i]);
  const usualInterval = Math.max(1, p90(intervals));
  const quietAfter = Math.max(MIN_QUIET_DAYS, 2 * usualInterval + 1);
  const start = Math.round(window.start.getTime() / DAY_MS);
  const gaps: TReporterCadence['gaps'] = [];
  for (let i = 1; i < days.length; i++) {
    const [from, to] = [days[i - 1] + 1, days[i]];
    if (days[i] - days[i - 1] > quietAfter && to > start) gaps.push({ from: dayString(from), to: dayString(to), days: to - from });
  }
  const quiet = silentDays > quietAfter;
  if (quiet) gaps.push({ from: dayString(last + 1), to: dayString(asOf + 1), days: asOf - last });
  const share = days.length / (last - days[0] + 1);
  const frequency = share >= 0.9 ? 'daily' : share >= 0.5 ? 'most days' : `about every ${Math.round(1 / share)} days`;
  return { ...base, status: quiet ? 'quiet' : 'regular', usualInterval, quietAfter, gaps, frequency };
}
