export { DAY_MS, DayWindowError, FIRST_DAY, LAST_DAY, MAX_WINDOW_DAYS, dayWindow, formatDay, previousWindow, utcDay, windowDayList, windowDays, type TDayWindow } from './day-window';
