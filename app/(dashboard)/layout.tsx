import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AccountMenu } from '@/components/layout/account-menu';
import { Sidebar } from '@/components/layout/sidebar';
import { requireSessionContext, ROLE_LABELS } from '@/lib/access';

// Every dashboard page needs a signed-in member (proxy.ts checks the cookie first; this checks
// the user and their memberships in the database). Pages still ask for the actor themselves
// (requireActor) because a layout does not re-run on every navigation.
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const context = await requireSessionContext();
  if (!context.actor) redirect('/welcome');
  const { actor } = context;
  return (
    <div className="shell">
      <Sidebar
        account={
          <AccountMenu
            email={context.user.email}
            role={ROLE_LABELS[actor.role]}
            activeOrganizationId={actor.organizationId}
            organizations={context.organizations.map((o) => ({ id: o.id, name: o.name }))}
          />
        }
      />
      <main className="main">{children}</main>
    </div>
  );
}
