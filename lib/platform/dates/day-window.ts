// The one date-window convention: whole UTC days, start inclusive, end exclusive.

export interface TDayWindow {
  /** First day, 00:00 UTC (inclusive). */
  start: Date;
  /** Day after the last day, 00:00 UTC (exclusive). */
  end: Date;
}

const DAY_MS = 86_400_000;

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
