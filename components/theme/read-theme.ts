import { cookies } from 'next/headers';
import { parseTheme, THEME_COOKIE, type TTheme } from './theme';

/** The signed-in or anonymous visitor's theme choice, on the server. */
export async function readTheme(): Promise<TTheme> {
  return parseTheme((await cookies()).get(THEME_COOKIE)?.value);
}
