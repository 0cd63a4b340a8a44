const DAY = 86_400;

/** Reports claiming a longer range are not spread: all of it goes to the day of `end`. */
export const MAX_SPREAD_DAYS = 62;

export interface DaySpans {
  /** UTC dates, YYYY-MM-DD, in order. */
  days: string[];
  /** Seconds of [begin, end) falling in each day (positive). */
  seconds: number[];
  total: number;
}

/**
 * The UTC days a report's range [begin, end) covers and how many of its seconds fall in each:
 * the weights its messages are spread over. Reporters mostly send one day (Google: 00:00 to
 * 23:59:59, Amazon: 00:00 to next 00:00 — the half-open range puts both on one day). A range
 * with end <= begin goes to begin's day. A range of months is a broken reporter clock, not a
 * reason to smear a report over a season, so it is kept on one day.
 */
export function daySpans(begin: number, end: number): DaySpans {
  if (end <= begin) return { days: [isoDay(Math.floor(begin / DAY))], seconds: [1], total: 1 };
  const first = Math.floor(begin / DAY);
  const last = Math.floor((end - 1) / DAY);
  if (last - first + 1 > MAX_SPREAD_DAYS) return { days: [isoDay(last)], seconds: [1], total: 1 };
  const days: string[] = [];
  const seconds: number[] = [];
  for (let d = first; d <= last; d++) {
    days.push(isoDay(d));
    seconds.push(Math.min(end, (d + 1) * DAY) - Math.max(begin, d * DAY));
  }
  return { days, seconds, total: end - begin };
}

function isoDay(day: number): string {
  return new Date(day * DAY * 1000).toISOString().slice(0, 10);
}

/**
 * Largest-remainder apportionment of an integer total over weights, exactly as rollup.ts
 * does it in SQL (ties go to the earlier day): used by tests and anyone checking a rollup.
 */
export function apportion(total: bigint, weights: number[]): bigint[] {
  const sum = BigInt(weights.reduce((a, b) => a + b, 0));
  const shares = weights.map((w, i) => ({ i, base: (total * BigInt(w)) / sum, rem: (total * BigInt(w)) % sum }));
  let leftover = total - shares.reduce((a, s) => a + s.base, 0n);
  const order = [...shares].sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
  const out = shares.map((s) => s.base);
  for (const s of order) {
    if (leftover <= 0n) break;
    out[s.i] += 1n;
    leftover -= 1n;
  }
  return out;
}

/**
 * The UTC day (YYYY-MM-DD) of a report's begin: report_record's partition key, so that a
 * report's records are found (and dropped by retention) by the month it began in.
 */
export function reportDay(begin: number): string {
  return isoDay(Math.floor(begin / DAY));
}
