'use client';

import './globals.css';

// The root layout itself failed: this replaces it, so it brings its own <html> and styles.
export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="auth-shell">
          <div className="auth-card">
            <h1>DMARC Atlas could not load</h1>
            <p>Something went wrong on our side.{error.digest ? ` Reference: ${error.digest}.` : ''}</p>
            <p style={{ display: 'flex', gap: 10 }}>
              <button type="button" className="btn btn-primary" onClick={reset}>
                Try again
              </button>
              {/* A plain link, not next/link: the app's router may be what failed. */}
              {/* eslint-disable-next-line @next/next/no-html-link-for-pages */}
              <a className="btn" href="/">
                Go to the overview
              </a>
            </p>
          </div>
        </main>
      </body>
    </html>
  );
}
