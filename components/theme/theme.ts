import { z } from 'zod';

/** The theme choice, kept in a cookie so that the server renders the right scheme at once. */
export const THEMES = ['system', 'light', 'dark'] as const;
export const ZTheme = z.enum(THEMES);
export type TTheme = z.infer<typeof ZTheme>;

export const THEME_COOKIE = 'atlas-theme';
/** One year: a preference, not a session. */
export const THEME_COOKIE_MAX_AGE = 365 * 24 * 3600;

/** The cookie's value as a theme; anything else (absent, tampered) follows the system. */
export function parseTheme(value: string | undefined): TTheme {
  const parsed = ZTheme.safeParse(value);
  return parsed.success ? parsed.data : 'system';
}
