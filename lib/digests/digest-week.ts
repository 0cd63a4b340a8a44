import { dayWindow, formatDay, utcDay, type TDayWindow } from '@/lib/platform/dates';

const DAY_MS = 86_400_000;

/**
 * The digest's week for a send day (or `--as-of` day): the 7 whole UTC days before it, end
 * exclusive (`2026-05-11` → 4–10 May), and the 7 days before those for the trend.
 */
export function digestWeek(asOf: Date | string): { asOf: string; week: TDayWindow; previous: TDayWindow } {
  const end = utcDay(typeof asOf === 'string' ? new Date(`${asOf}T00:00:00Z`) : asOf);
  if (Number.isNaN(end.getTime())) throw new RangeError(`invalid day: ${String(asOf)}`);
  const week = dayWindow({ from: new Date(end.getTime() - 7 * DAY_MS), to: end });
  const previous = dayWindow({ from: new Date(end.getTime() - 14 * DAY_MS), to: week.start });
  return { asOf: formatDay(end), week, previous };
}
