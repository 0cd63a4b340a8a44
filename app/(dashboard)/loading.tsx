import { PageSkeleton } from '@/components/ui/skeleton';

// Shown at once on navigation while a dashboard page's queries run.
export default function DashboardLoading() {
  return <PageSkeleton />;
}
