import type { TVerdict } from '@/lib/sources';

/** A verdict's colour (a design token, so it follows the theme) for charts, maps and legends. */
export const VERDICT_COLORS: Record<TVerdict, string> = {
  authorised_passing: 'var(--verdict-passing)',
  authorised_failing: 'var(--verdict-failing)',
  forwarder: 'var(--verdict-forwarder)',
  unknown: 'var(--verdict-unknown)',
};
