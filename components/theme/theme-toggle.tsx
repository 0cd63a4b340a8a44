'use client';

import { useState } from 'react';
import { THEME_COOKIE, THEME_COOKIE_MAX_AGE, THEMES, type TTheme } from './theme';
import styles from './theme-toggle.module.css';

const LABELS: Record<TTheme, string> = { system: 'System', light: 'Light', dark: 'Dark' };

/** Remembers the choice for the server's next render and applies it to this page now. */
function applyTheme(theme: TTheme): void {
  const secure = window.location.protocol === 'https:' ? '; secure' : '';
  document.cookie = `${THEME_COOKIE}=${theme}; path=/; max-age=${THEME_COOKIE_MAX_AGE}; samesite=lax${secure}`;
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
}

/**
 * Light / dark / system. Client component: it writes the cookie the root layout reads and sets
 * <html data-theme> at once, so the page switches without a reload. `tone` picks colours for a
 * dark sidebar or an ordinary panel.
 */
export function ThemeToggle({ initial, tone = 'panel' }: { initial: TTheme; tone?: 'panel' | 'sidebar' }) {
  const [theme, setTheme] = useState<TTheme>(initial);
  const choose = (next: TTheme) => {
    setTheme(next);
    applyTheme(next);
  };
  return (
    <div role="group" aria-label="Colour theme" className={`${styles.toggle} ${tone === 'sidebar' ? styles.sidebar : ''}`}>
      {THEMES.map((t) => (
        <button key={t} type="button" aria-pressed={theme === t} className={styles.option} onClick={() => choose(t)}>
          {LABELS[t]}
        </button>
      ))}
    </div>
  );
}
