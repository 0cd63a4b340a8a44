import { z } from 'zod';
import { DAY_MS, MAX_WINDOW_DAYS, dayWindow, formatDay, windowDays, type TDayWindow } from '@/lib/platform/dates';
import { firstParam, type TSearchParams } from './href';

// The URL state every page shares: `from` and `to` (YYYY-MM-DD, UTC days, `to` exclusive) and
// `domain`. The window itself is dayWindow()'s, the one rule pages, API routes and the CLI share.
// Anything invalid falls back to the default period rather than failing the page: URLs get
// edited by hand and shared.

export const RANGE_PRESETS = [7, 30, 90] as const;
export type TRangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_RANGE_DAYS: TRangePreset = 30;
export const MAX_RANGE_DAYS = MAX_WINDOW_DAYS;

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

const asRange = (window: TDayWindow) => ({ from: formatDay(window.start), to: formatDay(window.end) });

/** The last `days` days up to and including today (UTC). */
export function presetRange(days: number, now = new Date()): { from: string; to: string } {
  return asRange(dayWindow({ days }, now));
}

export function parseRange(params: TSearchParams, now = new Date()): TRange {
  const from = ZDay.safeParse(firstParam(params, 'from'));
  const to = ZDay.safeParse(firstParam(params, 'to'));
  const today = dayWindow({ days: DEFAULT_RANGE_DAYS }, now);
  let window = today;
  if (from.success && to.success) {
    if (from.data < to.data) window = dayWindow({ from: from.data, to: to.data }, now);
  } else if (from.success && !firstParam(params, 'to')) {
    if (from.data < formatDay(today.end)) window = dayWindow({ from: from.data }, now);
  } else if (to.success && !firstParam(params, 'from')) {
    window = dayWindow({ to: to.data, days: DEFAULT_RANGE_DAYS }, now);
  }
  if (windowDays(window) > MAX_RANGE_DAYS) window = { start: new Date(window.end.getTime() - MAX_RANGE_DAYS * DAY_MS), end: window.end };
  const days = windowDays(window);
  const range = asRange(window);
  const latest = presetRange(days, now);
  const preset = RANGE_PRESETS.find((p) => p === days && latest.from === range.from && latest.to === range.to) ?? null;
  const domain = ZDomain.safeParse(firstParam(params, 'domain'));
  return { ...range, window, days, preset, domain: domain.success && domain.data ? domain.data : null };
}
