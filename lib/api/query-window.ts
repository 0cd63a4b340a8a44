import { dayWindow, MAX_WINDOW_DAYS, windowDays, type TDayWindow } from '@/lib/platform/dates';
import { ApiError } from './errors';

/**
 * The window of an API request's `from`/`to` (UTC days, `to` exclusive) by the one rule,
 * dayWindow(); a reversed or decade-long window is the caller's mistake (400), not something
 * to guess around.
 */
export function queryWindow(query: { from?: string; to?: string; days?: number }): TDayWindow {
  if (query.from && query.to && query.from >= query.to) throw new ApiError('bad_request', '`from` must be before `to` (the day after the last day).');
  const window = dayWindow(query);
  if (windowDays(window) > MAX_WINDOW_DAYS) throw new ApiError('bad_request', `A window spans at most ${MAX_WINDOW_DAYS} days.`);
  return window;
}
