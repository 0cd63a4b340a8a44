import { ProblemState } from '@/components/ui/problem-state';

// notFound() from a dashboard page (a domain, source or report that does not exist or is not
// the caller's to see: both look the same, so nothing leaks about other organisations).
export default function DashboardNotFound() {
  return (
    <ProblemState
      code="404"
      title="Not found"
      message={<p>It does not exist, or it belongs to an organisation you are not a member of. Check the domains of your organisation, or switch organisations in the sidebar.</p>}
      actions={[
        { href: '/', label: 'Go to the overview' },
        { href: '/settings/domains', label: 'Your domains' },
      ]}
    />
  );
}
