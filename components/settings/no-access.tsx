import { EmptyState } from '@/components/ui/empty-state';

export function NoAccess({ what }: { what: string }) {
  return (
    <section className="panel">
      <EmptyState title="Not available to your role">
        <p>{what} is for owners and admins of this organisation.</p>
      </EmptyState>
    </section>
  );
}
