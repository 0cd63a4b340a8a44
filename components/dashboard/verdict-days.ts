import type { TTimeSeriesDay } from '@/components/charts/time-series-data';
import type { TSourceDay } from '@/lib/queries';
import type { TVerdict } from '@/lib/sources';

/**
 * Per-day chart figures from a domain's per-day, per-source rows, with the volume split by the
 * verdict of each row's source (sources without a verdict count as unknown).
 */
export function verdictDays(rows: TSourceDay[], verdictOf: (sourceKey: string) => TVerdict | undefined): TTimeSeriesDay[] {
  const days = new Map<string, TTimeSeriesDay & { byVerdict: Partial<Record<TVerdict, number>> }>();
  for (const r of rows) {
    let day = days.get(r.day);
    if (!day) {
      day = { day: r.day, messages: 0, dmarcPass: 0, dkimAlignedPass: 0, spfAlignedPass: 0, quarantined: 0, rejected: 0, byVerdict: {} };
      days.set(r.day, day);
    }
    day.messages += r.messages;
    day.dmarcPass += r.dmarcPass;
    day.dkimAlignedPass += r.dkimAligned;
    day.spfAlignedPass += r.spfAligned;
    day.quarantined = (day.quarantined ?? 0) + r.quarantined;
    day.rejected = (day.rejected ?? 0) + r.rejected;
    const verdict = verdictOf(r.sourceKey) ?? 'unknown';
    day.byVerdict[verdict] = (day.byVerdict[verdict] ?? 0) + r.messages;
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
