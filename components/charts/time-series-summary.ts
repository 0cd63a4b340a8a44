import { formatInt, formatPercent } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';
import type { TTimeSeriesDay } from './time-series-data';

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const label = (day: string) => dayLabel.format(new Date(`${day}T00:00:00Z`));

/** Pass share of a slice of days, or null without mail. */
function share(days: TTimeSeriesDay[]): number | null {
  const messages = days.reduce((s, d) => s + d.messages, 0);
  return messages === 0 ? null : days.reduce((s, d) => s + d.dmarcPass, 0) / messages;
}

/**
 * The chart in words, for screen readers and anyone who wants the figures: totals, pass rates,
 * the busiest day and the DMARC pass rate's movement from the first to the last week.
 */
export function summariseTimeSeries(days: TTimeSeriesDay[]): string {
  const withMail = days.filter((d) => d.messages > 0);
  if (withMail.length === 0) return 'No mail was reported in this period.';
  const total = withMail.reduce((s, d) => s + d.messages, 0);
  const sum = (pick: (d: TTimeSeriesDay) => number) => withMail.reduce((s, d) => s + pick(d), 0);
  const busiest = withMail.reduce((a, b) => (b.messages > a.messages ? b : a));
  const parts = [
    `${label(withMail[0].day)} to ${label(withMail[withMail.length - 1].day)}: ${plural(total, 'message')} on ${plural(withMail.length, 'day')} with reports.`,
    `${formatPercent(sum((d) => d.dmarcPass), total)} passed DMARC (aligned DKIM ${formatPercent(sum((d) => d.dkimAlignedPass), total)}, aligned SPF ${formatPercent(sum((d) => d.spfAlignedPass), total)}).`,
    `Busiest day: ${label(busiest.day)} with ${plural(busiest.messages, 'message')}.`,
  ];
  if (withMail.length >= 14) {
    const first = share(withMail.slice(0, 7));
    const last = share(withMail.slice(-7));
    if (first !== null && last !== null) parts.push(`DMARC pass rate ${(first * 100).toFixed(1)}% in the first week, ${(last * 100).toFixed(1)}% in the last.`);
  }
  const quarantined = sum((d) => d.quarantined ?? 0);
  const rejected = sum((d) => d.rejected ?? 0);
  if (quarantined + rejected > 0) parts.push(`Receivers quarantined ${formatInt(quarantined)} and rejected ${formatInt(rejected)}.`);
  return parts.join(' ');
}
