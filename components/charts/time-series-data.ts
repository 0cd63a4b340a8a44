import { VERDICTS, type TVerdict } from '@/lib/sources';

/** One UTC day of a domain's (or the scope's) mail, as the daily rollups give it. */
export interface TTimeSeriesDay {
  /** YYYY-MM-DD, UTC. */
  day: string;
  messages: number;
  dmarcPass: number;
  spfAlignedPass: number;
  dkimAlignedPass: number;
  /** What receivers did with failing mail (policy applied), when known. */
  quarantined?: number;
  rejected?: number;
  /** Messages by the verdict of their source: the volume bars stack by verdict when given. */
  byVerdict?: Partial<Record<TVerdict, number>>;
}

/** A chart row: rates in percent (null on a day without mail, drawn as a gap). */
export interface TTimeSeriesRow {
  day: string;
  messages: number;
  dmarc: number | null;
  spf: number | null;
  dkim: number | null;
  quarantined: number | null;
  rejected: number | null;
  /** `v_<verdict>` counts, present only when the input had them. */
  [verdictKey: `v_${string}`]: number;
}

const DAY_MS = 86_400_000;
const percent = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);
const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/**
 * Chart rows for `days`, one per UTC day: with a window [from, to), days without reports become
 * zero rows, so the x axis is the period the page says, not only the days that had mail.
 */
export function toTimeSeriesRows(days: TTimeSeriesDay[], window?: { from: string; to: string }): TTimeSeriesRow[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  const withVerdicts = days.some((d) => d.byVerdict);
  const keys: string[] = [];
  if (window) for (let t = dayMs(window.from); t < dayMs(window.to); t += DAY_MS) keys.push(new Date(t).toISOString().slice(0, 10));
  else keys.push(...days.map((d) => d.day));
  return keys.map((day) => {
    const d = byDay.get(day);
    const row: TTimeSeriesRow = {
      day,
      messages: d?.messages ?? 0,
      dmarc: d ? percent(d.dmarcPass, d.messages) : null,
      spf: d ? percent(d.spfAlignedPass, d.messages) : null,
      dkim: d ? percent(d.dkimAlignedPass, d.messages) : null,
      quarantined: d?.quarantined ?? null,
      rejected: d?.rejected ?? null,
    };
    if (withVerdicts) for (const v of VERDICTS) row[`v_${v}`] = d?.byVerdict?.[v] ?? 0;
    return row;
  });
}
