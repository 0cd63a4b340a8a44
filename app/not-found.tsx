import type { Metadata } from 'next';
import { ProblemState } from '@/components/ui/problem-state';

export const metadata: Metadata = { title: 'Page not found' };

// Any URL no route matches (outside the dashboard shell: the visitor may not be signed in).
export default function NotFound() {
  return (
    <main className="auth-shell">
      <ProblemState
        code="404"
        title="This page does not exist"
        message={<p>The address may be mistyped, or the page has moved. Everything starts from the overview.</p>}
        actions={[
          { href: '/', label: 'Go to the overview' },
          { href: '/settings/domains', label: 'Your domains' },
        ]}
      />
    </main>
  );
}
