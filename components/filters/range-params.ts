import { z } from 'zod';
import { formatDay, utcDay, type TDayWindow } from '@/lib/platform/dates';
import { firstParam, type TSearchParams } from './href';

// The URL state every page shares: `from` and `to` (YYYY-MM-DD, UTC days, `to` exclusive, the
// project's one window rule) and `domain`. Anything invalid falls back to the default period
// rather than failing the page: URLs get edited by hand and shared.

export const RANGE_PRESETS = [7, 30, 90] as const;
export type TRangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_RANGE_DAYS: TRangePreset = 30;
/** Ten years: longer ranges are a typo, and would make queries scan everything. */
export const MAX_RANGE_DAYS = 3660;

const DAY_MS = 86_400_000;
const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s));
/** A hostname as typed in the URL; the page still checks it is one the user may see. */
const ZDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^[a-z0-9.-]+$/);

export interface TRange {
  from: string;
  /** Exclusive. */
  to: string;
  window: TDayWindow;
  days: number;
  /** 7, 30 or 90 when the range is "the last N days up to today", else null (a custom range). */
  preset: TRangePreset | null;
  domain: string | null;
}

const day = (s: string) => new Date(`${s}T00:00:00Z`);

/** The last `days` days up to and including today (UTC). */
export function presetRange(days: number, now = new Date()): { from: string; to: string } {
  const end = new Date(utcDay(now).getTime() + DAY_MS);
  return { from: formatDay(new Date(end.getTime() - days * DAY_MS)), to: formatDay(end) };
}

export function parseRange(params: TSearchParams, now = new Date()): TRange {
  const from = ZDay.safeParse(firstParam(params, 'from'));
  const to = ZDay.safeParse(firstParam(params, 'to'));
  let range = presetRange(DEFAULT_RANGE_DAYS, now);
  if (from.success && to.success && from.data < to.data) range = { from: from.data, to: to.data };
  else if (from.success && !firstParam(params, 'to') && from.data < range.to) range = { from: from.data, to: range.to };
  let days = Math.round((day(range.to).getTime() - day(range.from).getTime()) / DAY_MS);
  if (days > MAX_RANGE_DAYS) {
    range = { from: formatDay(new Date(day(range.to).getTime() - MAX_RANGE_DAYS * DAY_MS)), to: range.to };
    days = MAX_RANGE_DAYS;
  }
  const today = presetRange(days, now);
  const preset = RANGE_PRESETS.find((p) => p === days && today.from === range.from && today.to === range.to) ?? null;
  const domain = ZDomain.safeParse(firstParam(params, 'domain'));
  return { ...range, window: { start: day(range.from), end: day(range.to) }, days, preset, domain: domain.success && domain.data ? domain.data : null };
}
