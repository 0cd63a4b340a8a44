import cronParser from 'cron-parser';

/** When a cron schedule (UTC, as the worker registers them) fires next; null for a bad expression. */
export function nextCronRun(cron: string, from: Date = new Date()): Date | null {
  try {
    // cron-parser is what pg-boss itself evaluates schedules with, so the two agree.
    return cronParser.parseExpression(cron, { tz: 'UTC', currentDate: from }).next().toDate();
  } catch {
    return null;
  }
}
