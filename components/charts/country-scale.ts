/** Colour levels of the world map (tokens --map-1 … --map-5); 0 is "no mail". */
export const MAP_LEVELS = 5;

export interface TCountryScale {
  /** Level 0 (no mail) … MAP_LEVELS for a message count. */
  level: (messages: number) => number;
  /** One legend entry per level in use: messages from `from` up to `to` (inclusive). */
  legend: { level: number; from: number; to: number }[];
}

/** 2 significant digits: legend bounds people can read (1,200 rather than 1,187). */
function nice(value: number): number {
  if (value < 10) return Math.max(1, Math.round(value));
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.round(value / magnitude) * magnitude;
}

/**
 * A logarithmic scale over the countries' message counts: mail volumes by country span orders
 * of magnitude (millions from the US, a handful from most), so equal-width buckets would paint
 * every country but one the palest colour.
 */
export function countryScale(counts: number[]): TCountryScale {
  const positive = counts.filter((c) => c > 0);
  if (positive.length === 0) return { level: () => 0, legend: [] };
  const lo = Math.min(...positive);
  const hi = Math.max(...positive);
  const bounds: number[] = [];
  for (let i = 1; i < MAP_LEVELS; i++) {
    const b = nice(lo * (hi / lo) ** (i / MAP_LEVELS));
    if (b > lo && b <= hi && b > (bounds[bounds.length - 1] ?? lo)) bounds.push(b);
  }
  // Levels spread over the palette even when fewer bounds survive (a narrow range).
  const levels = bounds.length + 1;
  const paletteLevel = (index: number) => (levels === 1 ? MAP_LEVELS : 1 + Math.round((index * (MAP_LEVELS - 1)) / (levels - 1)));
  const level = (messages: number) => {
    if (messages <= 0) return 0;
    return paletteLevel(bounds.filter((b) => messages >= b).length);
  };
  const starts = [lo, ...bounds];
  const legend = starts.map((from, i) => ({ level: paletteLevel(i), from, to: i < bounds.length ? bounds[i] - 1 : hi }));
  return { level, legend };
}
