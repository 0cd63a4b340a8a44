import type { TRange } from '@/components/filters/range-params';

const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const DAY_MS = 86_400_000;

/** "the last 30 days" or "1 Mar 2026 – 7 Mar 2026" (last day inclusive, as people read it). */
export function periodLabel(range: TRange): string {
  if (range.preset) return `the last ${range.preset} days`;
  return `${long.format(range.window.start)} – ${long.format(new Date(range.window.end.getTime() - DAY_MS))}`;
}

/** What trends compare against: "vs previous 30 days". */
export const trendLabel = (range: TRange) => `vs previous ${range.days} days`;
