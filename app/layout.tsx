import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { readTheme } from '@/components/theme/read-theme';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'DMARC Atlas', template: '%s · DMARC Atlas' },
  description: 'Who sends mail as your domains, does it authenticate, and how to get to p=reject safely.',
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#f6f7f9' },
    { media: '(prefers-color-scheme: dark)', color: '#0e1117' },
  ],
};

// Reading the theme cookie makes every page render per request, including the not-found and
// error pages: a page prerendered at build time carries no CSP nonce on its scripts, and the
// nonce-only policy from proxy.ts then blocks them (why /reports used to be a bare, dead 404).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const theme = await readTheme();
  return (
    <html lang="en" data-theme={theme === 'system' ? undefined : theme}>
      <body>{children}</body>
    </html>
  );
}
