export { DayWindowError, FIRST_DAY, LAST_DAY, dayWindow, formatDay, utcDay, type TDayWindow } from './day-window';
