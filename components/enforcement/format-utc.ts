/** "2026-03-31 14:05 UTC": instants on the wizard and DNS pages. */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
