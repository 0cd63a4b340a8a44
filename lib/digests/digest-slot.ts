import { formatDay } from '@/lib/platform/dates';
import { localParts, zonedToUtc } from './zoned-time';

const DAY_MS = 86_400_000;
/** A digest whose time passed while no worker ran still goes out if it is at most this late. */
export const CATCH_UP_MS = 24 * 3_600_000;

/**
 * The latest time at or before `now` that the user chose (weekday and hour in their zone), and
 * its send day in UTC (the digest's `--as-of`): the scheduler sends that digest once.
 */
export function latestDigestSlot(setting: { digestWeekday: number; digestHour: number; timeZone: string }, now: Date): { at: Date; asOf: string } {
  const local = localParts(now, setting.timeZone);
  let back = (local.weekday - setting.digestWeekday + 7) % 7;
  if (back === 0 && local.hour < setting.digestHour) back = 7;
  // Calendar arithmetic on the local date (UTC functions only as a calendar here).
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day) - back * DAY_MS);
  let at = zonedToUtc({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: setting.digestHour }, setting.timeZone);
  if (at > now) at = new Date(at.getTime() - 7 * DAY_MS);
  return { at, asOf: formatDay(at) };
}

/** Whether the user's latest slot is due now: reached, and not older than the catch-up window. */
export function dueDigestSlot(setting: { digestEnabled: boolean; digestWeekday: number; digestHour: number; timeZone: string }, now: Date): { at: Date; asOf: string } | null {
  if (!setting.digestEnabled) return null;
  const slot = latestDigestSlot(setting, now);
  return now.getTime() - slot.at.getTime() <= CATCH_UP_MS ? slot : null;
}

/** The next slot after `now` (the settings page says when the next digest goes out). */
export function nextDigestSlot(setting: { digestWeekday: number; digestHour: number; timeZone: string }, now: Date): { at: Date; asOf: string } {
  // The latest slot before a day past the following one is that following slot (DST-proof).
  return latestDigestSlot(setting, new Date(latestDigestSlot(setting, now).at.getTime() + 8 * DAY_MS));
}
