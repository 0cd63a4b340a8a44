import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'DMARC Atlas', template: '%s · DMARC Atlas' },
  description: 'Who sends mail as your domains, does it authenticate, and how to get to p=reject safely.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
