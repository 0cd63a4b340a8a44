export { DAY_MS, MAX_WINDOW_DAYS, dayWindow, formatDay, previousWindow, utcDay, windowDayList, windowDays, type TDayWindow } from './day-window';
