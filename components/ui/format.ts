const integer = new Intl.NumberFormat('en-US');
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: '2-digit', month: 'short', year: 'numeric', timeZone: 'UTC' });

export const formatInt = (n: number): string => integer.format(Math.round(n));
export const formatDate = (d: Date | null): string => (d ? dateFormat.format(d) : '—');
export function formatPercent(part: number, whole: number): string {
  if (whole === 0) return '—';
  return `${((part / whole) * 100).toFixed(1)}%`;
}
