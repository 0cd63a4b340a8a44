// The one date-window convention (docs/date-windows.md): whole UTC days, start inclusive, end
// exclusive. A report's messages count on the days its range covers (spread by seconds at
// ingest); the report itself counts on the UTC day its range begins, so adjacent windows never
// count a report twice.

export interface TDayWindow {
  /** First day, 00:00 UTC (inclusive). */
  start: Date;
  /** Day after the last day, 00:00 UTC (exclusive). */
  end: Date;
}

export const DAY_MS = 86_400_000;
/** Ten years: longer windows are a typo, and would make queries scan everything. */
export const MAX_WINDOW_DAYS = 3660;

/** The days a window may start or end on: beyond them dates stop being YYYY-MM-DD (year 10000) or mean nothing here. */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '9998-12-31';

/** A window that can't be: an unreadable date, or one outside FIRST_DAY…LAST_DAY. */
export class DayWindowError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DayWindowError';
  }
}

const bound = (day: string) => new Date(`${day}T00:00:00Z`).getTime();

export function utcDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** YYYY-MM-DD of a UTC day. */
export function formatDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * `from`/`to` as YYYY-MM-DD (to is exclusive); missing ends default to the `days` days up to and
 * including today.
 */
export function dayWindow(input: { from?: string | Date; to?: string | Date; days?: number } = {}, now = new Date()): TDayWindow {
  const end = input.to ? utcDay(new Date(input.to)) : new Date(utcDay(now).getTime() + DAY_MS);
  const start = input.from ? utcDay(new Date(input.from)) : new Date(end.getTime() - (input.days ?? 30) * DAY_MS);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) throw new DayWindowError('Dates are days written YYYY-MM-DD.');
  const window = { start, end: end > start ? end : new Date(start.getTime() + DAY_MS) };
  if (window.start.getTime() < bound(FIRST_DAY) || window.end.getTime() > bound(LAST_DAY) + DAY_MS) {
    throw new DayWindowError(`Dates must lie between ${FIRST_DAY} and ${LAST_DAY}.`);
  }
  return window;
}

/** Whole days in a window. */
export function windowDays(window: TDayWindow): number {
  return Math.round((window.end.getTime() - window.start.getTime()) / DAY_MS);
}

/** The window of the same length just before `window`: what trends compare against. */
export function previousWindow(window: TDayWindow): TDayWindow {
  return { start: new Date(window.start.getTime() - windowDays(window) * DAY_MS), end: window.start };
}

/** Every day of the window, YYYY-MM-DD, in order (charts draw days without mail as zero). */
export function windowDayList(window: TDayWindow): string[] {
  const days: string[] = [];
  for (let t = window.start.getTime(); t < window.end.getTime(); t += DAY_MS) days.push(formatDay(new Date(t)));
  return days;
}
