import type { CSSProperties } from 'react';
import type { TVerdict } from '@/lib/sources';

// Colours and type for the HTML mails. Every colour is set explicitly (no inherited black on
// transparent): clients that force a dark mode (Gmail and Outlook apps) then invert a coherent
// palette, and clients that honour prefers-color-scheme get the dark values in DARK_CSS.

export const color = {
  page: '#eef1f5',
  card: '#ffffff',
  text: '#1f2328',
  muted: '#57606a',
  border: '#d0d7de',
  subtle: '#f6f8fa',
  accent: '#0a58ca',
  brand: '#12324f',
  brandText: '#ffffff',
  pass: '#1a7f37',
  fail: '#c62828',
  warn: '#9a6700',
  info: '#3b5b8c',
};

export type TTone = 'pass' | 'fail' | 'warn' | 'info';

export const TONE_COLORS: Record<TTone, string> = { pass: color.pass, fail: color.fail, warn: color.warn, info: color.info };

export const VERDICT_TONES: Record<TVerdict, TTone> = {
  authorised_passing: 'pass',
  authorised_failing: 'fail',
  forwarder: 'info',
  unknown: 'warn',
};

export const font = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
export const mono = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace";

/** Lets long unbroken strings (host names, records) wrap instead of widening the mail. */
export const breakAnywhere: CSSProperties = { wordBreak: 'break-word', overflowWrap: 'anywhere' };

export const textStyle: CSSProperties = { margin: '0 0 12px', fontSize: '14px', lineHeight: '21px', color: color.text, fontFamily: font };
export const mutedStyle: CSSProperties = { ...textStyle, color: color.muted, fontSize: '13px', lineHeight: '19px' };

// Class names the dark-mode rules below target; the inline styles stay the light default.
export const cls = { body: 'atlas-body', card: 'atlas-card', text: 'atlas-text', muted: 'atlas-muted', subtle: 'atlas-subtle', line: 'atlas-line', link: 'atlas-link', pad: 'atlas-pad', hideNarrow: 'atlas-hide-narrow' };

/** The class that gives a tone its dark-mode colour. */
export const toneClass = (tone: TTone): string => `atlas-${tone}`;

export const DARK_CSS = `
@media (prefers-color-scheme: dark) {
  .atlas-body { background-color: #0d1117 !important; }
  .atlas-card { background-color: #161b22 !important; }
  .atlas-text { color: #e6edf3 !important; }
  .atlas-muted { color: #9198a1 !important; }
  .atlas-subtle { background-color: #1f2630 !important; }
  .atlas-line { border-color: #30363d !important; }
  .atlas-link { color: #6cb6ff !important; }
  .atlas-pass { color: #3fb950 !important; }
  .atlas-fail { color: #ff7b72 !important; }
  .atlas-warn { color: #d29922 !important; }
  .atlas-info { color: #79c0ff !important; }
}
@media only screen and (max-width: 480px) {
  .atlas-pad { padding-left: 16px !important; padding-right: 16px !important; }
  .atlas-hide-narrow { display: none !important; }
}
`;
