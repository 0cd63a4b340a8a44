import type { ReactNode } from 'react';

// Sign-in, first-run setup and invitations: no sidebar, no session required.
export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="auth-shell">
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden />
          DMARC Atlas
        </div>
        {children}
      </div>
    </main>
  );
}
