export { dayWindow, formatDay, utcDay, type TDayWindow } from './day-window';
