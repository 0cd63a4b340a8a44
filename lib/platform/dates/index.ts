export { dayWindow, formatDay, type TDayWindow } from './day-window';
