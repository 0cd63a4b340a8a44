import type { TTimeSeriesDay } from '@/components/charts/time-series-data';
import { formatInt } from '@/components/ui/format';
import { plural } from '@/components/ui/plural';

const dayLabel = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Days with only the mail that failed DMARC (what "failures only" charts draw). */
export function failureDays<D extends TTimeSeriesDay>(days: D[]): TTimeSeriesDay[] {
  return days.map((d) => ({ day: d.day, messages: d.messages - d.dmarcPass, dmarcPass: 0, dkimAlignedPass: 0, spfAlignedPass: 0, quarantined: d.quarantined, rejected: d.rejected, byVerdict: d.byVerdict }));
}

/** The sentence under a "failures only" chart. */
export function failureSummary(days: TTimeSeriesDay[]): string {
  const failing = days.reduce((s, d) => s + d.messages, 0);
  if (failing === 0) return 'No mail failed DMARC in this period.';
  const quarantined = days.reduce((s, d) => s + (d.quarantined ?? 0), 0);
  const rejected = days.reduce((s, d) => s + (d.rejected ?? 0), 0);
  const busiest = days.reduce((a, b) => (b.messages > a.messages ? b : a));
  return `${plural(failing, 'message')} failed DMARC (neither aligned SPF nor aligned DKIM passed); receivers quarantined ${formatInt(quarantined)} and rejected ${formatInt(rejected)}. Most failures: ${dayLabel.format(new Date(`${busiest.day}T00:00:00Z`))}, with ${formatInt(busiest.messages)}.`;
}
