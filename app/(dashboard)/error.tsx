'use client';

import { ProblemState } from '@/components/ui/problem-state';

// A dashboard page threw. Client component (Next.js requires it for error boundaries). The
// message is not shown: in production it is redacted anyway; the digest matches the server log.
export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <ProblemState
      code="Error"
      title="This page could not be loaded"
      message={
        <>
          <p>Something went wrong on our side. Trying again often helps; if it keeps failing, the server log has the details.</p>
          {error.digest && (
            <p>
              Reference: <code>{error.digest}</code>
            </p>
          )}
        </>
      }
      actions={[{ href: '/', label: 'Go to the overview' }]}
    >
      <button type="button" className="btn btn-primary" onClick={reset}>
        Try again
      </button>
    </ProblemState>
  );
}
