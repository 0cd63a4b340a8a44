// The one place figures become text, used by the HTML and the text part alike so that both
// show exactly the same numbers.

const integer = new Intl.NumberFormat('en-US');

export const formatCount = (n: number): string => integer.format(Math.round(n));

/** "98.2%", or "—" when there is nothing to divide. */
export function formatRate(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}

/** Change of the pass rate against the previous week in percentage points: "+0.4 pts", "−1.3 pts". */
export function formatTrend(now: { messages: number; dmarcPass: number }, before: { messages: number; dmarcPass: number } | null): string {
  if (!before || before.messages <= 0 || now.messages <= 0) return 'n/a';
  const delta = Math.round((now.dmarcPass / now.messages - before.dmarcPass / before.messages) * 1000) / 10;
  if (delta === 0) return '±0.0 pts';
  // U+2212 minus in both parts: the figure must read the same in the HTML and the text.
  return `${delta > 0 ? '+' : '\u2212'}${Math.abs(delta).toFixed(1)} pts`;
}

/** Direction of a trend for colouring: up, down, flat or unknown. */
export function trendDirection(now: { messages: number; dmarcPass: number }, before: { messages: number; dmarcPass: number } | null): 'up' | 'down' | 'flat' | 'none' {
  const text = formatTrend(now, before);
  if (text === 'n/a') return 'none';
  if (text.startsWith('+')) return 'up';
  return text.startsWith('\u2212') ? 'down' : 'flat';
}

const DAY_MS = 86_400_000;
const dayMonth = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayMonthYear = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** "4–10 May 2026" for from=2026-05-04, to=2026-05-11 (to is exclusive). */
export function formatWeek(week: { from: string; to: string }): string {
  const from = new Date(`${week.from}T00:00:00Z`);
  const last = new Date(new Date(`${week.to}T00:00:00Z`).getTime() - DAY_MS);
  if (week.from.slice(0, 4) !== formatDayIso(last).slice(0, 4)) return `${dayMonthYear.format(from)} – ${dayMonthYear.format(last)}`;
  return `${dayMonth.format(from)} – ${dayMonthYear.format(last)}`;
}

/** "4–10 May", for subjects. */
export function formatWeekShort(week: { from: string; to: string }): string {
  const from = new Date(`${week.from}T00:00:00Z`);
  const last = new Date(new Date(`${week.to}T00:00:00Z`).getTime() - DAY_MS);
  return `${dayMonth.format(from)} – ${dayMonth.format(last)}`;
}

const formatDayIso = (d: Date): string => d.toISOString().slice(0, 10);

/** A moment in the reader's time zone: "Mon 11 May 2026, 08:00 (Europe/Berlin)". */
export function formatMoment(date: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(date);
  return `${text} (${timeZone})`;
}

/** A day in the reader's time zone: "1 May 2026". */
export function formatDate(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone }).format(date);
}

/** "1 message", "2 messages". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;
